import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertCanWrite } from '../customers/service.js';
import { inWorkspace } from '../db/tenant.js';
import { AppError, badRequest } from '../errors.js';
import { actorOf } from '../http/authenticate.js';
import { listJson, pageQuery } from '../http/list.js';
import { checkMapping, type ImportKind, importKinds } from './fields.js';
import { previewImport } from './preview.js';
import {
  CHUNK_BYTES,
  createImport,
  findImport,
  importMatchQuery,
  importToJson,
  listImportErrors,
  listImportMatches,
  listImports,
} from './store.js';
import { runImportJobs, sendImportJob } from './worker.js';

const params = z.object({ id: z.uuid() });
const tags = ['imports'];
/** The largest file one upload may carry. */
const MAX_FILE_BYTES = 2 * 1024 ** 3;
/**
 * The most of an upload a preview reads: a text file's first rows are in its first kilobytes (the web
 * app sends only those), a workbook has to be read whole.
 */
const PREVIEW_BYTES = 16 * 1024 ** 2;
/** Lines of the error report read per query. */
const ERROR_PAGE_LINES = 20_000;

const importJson = z.object({
  id: z.uuid(),
  kind: z.enum(importKinds),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  fileName: z.string(),
  progress: z.number(),
  counts: z.object({
    read: z.number().int(),
    imported: z.number().int(),
    updated: z.number().int(),
    duplicates: z.number().int(),
    rejected: z.number().int(),
  }),
  dryRun: z.boolean(),
  error: z.string().nullable(),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
});

/** A cell of a user's file in a CSV that spreadsheets open: quoted, and never read as a formula. */
function csvCell(value: string | number): string {
  const text = String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const importMatchJson = z.object({
  line: z.number().int(),
  /** `matched`: the line named a customer the workspace had; `duplicate`: it repeats an earlier line. */
  outcome: z.enum(['matched', 'duplicate']),
  matchedBy: z.enum(['externalId', 'phone', 'email', 'content']).nullable(),
  earlierLine: z.number().int().nullable(),
  /** Null when the reader may not see the customer, or it is gone. */
  customer: z.object({ id: z.uuid(), name: z.string() }).nullable(),
});

const rowError = z.object({
  column: z.string(),
  value: z.string(),
  reason: z.string(),
  /** Stable, for clients to word: the API's field error codes and a few of files alone (docs/import.md). */
  code: z.string(),
  limit: z.number().int().optional(),
});

const previewJson = z.object({
  format: z.object({
    type: z.enum(['csv', 'xlsx']),
    encoding: z.string().optional(),
    delimiter: z.string().optional(),
    quote: z.string().optional(),
  }),
  columns: z.array(z.string()),
  mapping: z.record(z.string(), z.string().nullable()),
  problems: z.array(
    z.object({
      path: z.string(),
      code: z.enum(['unknown_column', 'same_field', 'required_field', 'no_customer']),
      field: z.string().optional(),
      columns: z.array(z.string()).optional(),
      message: z.string(),
    }),
  ),
  fields: z.array(z.string()),
  required: z.array(z.string()),
  customerRefs: z.array(z.string()),
  rows: z.array(z.object({ line: z.number().int(), cells: z.array(z.string()), errors: z.array(rowError) })),
});

/** The kind field of an upload, which must come before the file. */
function uploadKind(fields: Record<string, string>): ImportKind {
  const kind = fields.kind as ImportKind;
  if (importKinds.includes(kind)) return kind;
  throw badRequest('invalid import', [
    { path: 'body.kind', message: `must be one of ${importKinds.join(', ')}, sent before the file` },
  ]);
}

function parseMapping(text: string | undefined) {
  if (text === undefined || text.trim() === '') return undefined;
  let mapping: unknown;
  try {
    mapping = JSON.parse(text);
  } catch {
    throw badRequest('invalid mapping', [{ path: 'body.mapping', message: 'is not valid JSON' }]);
  }
  const shape = z.record(z.string().max(200), z.string().max(120).nullable()).safeParse(mapping);
  if (!shape.success)
    throw badRequest('invalid mapping', [
      { path: 'body.mapping', message: 'must be an object {"<column header>": "<field>"}' },
    ]);
  return shape.data;
}

export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(multipart, { limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 10 } });
  await runImportJobs(app.db, app.databaseKind, app.jobs, app.log);

  app.post(
    '/imports',
    {
      schema: {
        tags,
        summary:
          'Upload a CSV, TSV, text or XLSX file to import (multipart: kind, optional mapping and header, then file)',
        response: {
          202: z.object({ id: z.uuid(), status: z.enum(['queued', 'running', 'done', 'failed']) }),
        },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      assertCanWrite(actor);
      if (!request.isMultipart())
        throw new AppError(415, 'unsupported-media-type', 'send the file as multipart/form-data');
      const fields: Record<string, string> = {};
      let importId: string | undefined;
      let size = 0;
      for await (const part of request.parts()) {
        if (part.type === 'field') {
          fields[part.fieldname] = String(part.value);
          continue;
        }
        if (part.fieldname !== 'file' || importId) {
          part.file.resume();
          throw badRequest('unexpected file', [
            { path: `body.${part.fieldname}`, message: 'send one file, as file' },
          ]);
        }
        let kind: ImportKind;
        try {
          kind = uploadKind(fields);
        } catch (error) {
          part.file.resume();
          throw error;
        }
        const mapping = parseMapping(fields.mapping);
        if (mapping) checkMapping(kind, mapping, 'body.mapping');
        const createCustomers = fields.createCustomers !== 'false';
        const dryRun = fields.dryRun === 'true';
        const header = fields.header !== 'false';
        const row = await request.tx((tx) =>
          createImport(tx, actor.workspaceId, {
            kind,
            fileName: part.filename || 'upload',
            source: 'upload',
            fileSize: 0,
            options: {
              mapping,
              createCustomers,
              dryRun,
              header,
              ownerId: actor.role === 'rep' ? actor.userId : null,
            },
            userId: actor.userId,
            uploading: true,
          }),
        );
        importId = row.id;
        let seq = 0;
        let pending: Buffer[] = [];
        let pendingBytes = 0;
        const store = async () => {
          const data = Buffer.concat(pending);
          pending = [];
          pendingBytes = 0;
          const chunk = seq++;
          await request.tx((tx) =>
            tx
              .insertInto('import_file_chunks')
              .values({ workspace_id: actor.workspaceId, import_id: row.id, seq: chunk, data })
              .execute(),
          );
        };
        for await (const data of part.file) {
          pending.push(data as Buffer);
          pendingBytes += (data as Buffer).length;
          size += (data as Buffer).length;
          if (pendingBytes >= CHUNK_BYTES) await store();
        }
        if (part.file.truncated)
          throw new AppError(413, 'too-large', `the file is larger than ${MAX_FILE_BYTES / 1024 ** 3} GiB`);
        if (pendingBytes) await store();
      }
      if (!importId)
        throw badRequest('no file', [
          { path: 'body.file', message: 'is required (a CSV, TSV or XLSX file)' },
        ]);
      const id = importId;
      if (size === 0) throw badRequest('empty file', [{ path: 'body.file', message: 'is empty' }]);
      const queued = await request.tx((tx) =>
        tx
          .updateTable('imports')
          .set({ status: 'queued', error: null, file_size: size, updated_at: new Date() })
          .where('id', '=', id)
          .returning(['id', 'status'])
          .executeTakeFirstOrThrow(),
      );
      // Should this fail after the commit, the resume sweep sends the job within a minute.
      await sendImportJob(app.jobs, { workspaceId: actor.workspaceId, importId: id }).catch(
        (error: unknown) => request.log.error({ err: error, importId: id }, 'queueing the import job failed'),
      );
      return reply.status(202).header('Location', `/api/v1/imports/${id}`).send(queued);
    },
  );

  app.post(
    '/imports/preview',
    {
      schema: {
        tags,
        summary:
          'How an import would read a file: its columns, the fields they go to and its first rows, with the reasons any would be refused (multipart: kind, optional mapping and header, then file; nothing is written)',
        response: { 200: previewJson },
      },
    },
    async (request) => {
      assertCanWrite(actorOf(request));
      if (!request.isMultipart())
        throw new AppError(415, 'unsupported-media-type', 'send the file as multipart/form-data');
      const fields: Record<string, string> = {};
      let bytes: Buffer | undefined;
      let truncated = false;
      let kind: ImportKind = 'customers';
      let mapping: Record<string, string | null> | undefined;
      for await (const part of request.parts()) {
        if (part.type === 'field') {
          fields[part.fieldname] = String(part.value);
          continue;
        }
        try {
          if (part.fieldname !== 'file' || bytes)
            throw badRequest('unexpected file', [
              { path: `body.${part.fieldname}`, message: 'send one file, as file' },
            ]);
          kind = uploadKind(fields);
          mapping = parseMapping(fields.mapping);
          if (mapping) checkMapping(kind, mapping, 'body.mapping');
        } catch (error) {
          part.file.resume();
          throw error;
        }
        const parts: Buffer[] = [];
        let size = 0;
        for await (const data of part.file) {
          if (size >= PREVIEW_BYTES) {
            truncated = true;
            continue;
          }
          parts.push(data as Buffer);
          size += (data as Buffer).length;
        }
        bytes = Buffer.concat(parts);
        if (bytes.length > PREVIEW_BYTES) {
          bytes = bytes.subarray(0, PREVIEW_BYTES);
          truncated = true;
        }
        // The web app sends a text file's first part only, and says so.
        truncated ||= part.file.truncated || fields.partial === 'true';
      }
      if (!bytes)
        throw badRequest('no file', [
          { path: 'body.file', message: 'is required (a CSV, TSV or XLSX file)' },
        ]);
      if (bytes.length === 0) throw badRequest('empty file', [{ path: 'body.file', message: 'is empty' }]);
      return previewImport(kind, bytes, {
        header: fields.header !== 'false',
        mapping,
        phoneRegion: request.workspace.phoneRegion,
        truncated,
      });
    },
  );

  app.get(
    '/imports',
    {
      schema: {
        tags,
        querystring: pageQuery.omit({ count: true }).extend({
          kind: z.enum(importKinds).optional(),
          status: z.enum(['queued', 'running', 'done', 'failed']).optional(),
        }),
        response: { 200: listJson(importJson) },
      },
    },
    async (request) => request.tx((tx) => listImports(tx, request.query)),
  );

  app.get('/imports/:id', { schema: { tags, params, response: { 200: importJson } } }, async (request) =>
    importToJson(await request.tx((tx) => findImport(tx, request.params.id))),
  );

  app.get(
    '/imports/:id/matches',
    {
      schema: {
        tags,
        summary:
          'The lines of an import that matched an existing customer or record, or repeated an earlier line, with the customer each matched',
        params,
        querystring: importMatchQuery,
        response: { 200: listJson(importMatchJson) },
      },
    },
    async (request) => request.tx((tx) => listImportMatches(tx, request.params.id, request.query)),
  );

  app.get(
    '/imports/:id/errors',
    {
      schema: {
        tags,
        summary:
          'The refused lines of an import, each with its column, value, reason in English and the code that words it',
        params,
        querystring: importMatchQuery,
        response: { 200: listJson(rowError.extend({ line: z.number().int() })) },
      },
    },
    async (request) => request.tx((tx) => listImportErrors(tx, request.params.id, request.query)),
  );

  app.get(
    '/imports/:id/matches.csv',
    { schema: { tags, params, produces: ['text/csv'] } },
    async (request, reply) => {
      const { id } = request.params;
      await request.tx((tx) => findImport(tx, id));
      // Read as the requester: the customers' policy leaves out the names they may not see.
      async function* lines() {
        yield 'line,outcome,matched_by,earlier_line,customer_id,customer_name\n';
        let cursor: string | undefined;
        do {
          const page = await request.tx((tx) => listImportMatches(tx, id, { limit: 500, cursor }));
          if (page.data.length)
            yield page.data
              .map(
                (m) =>
                  `${[
                    m.line,
                    m.outcome,
                    m.matchedBy ?? '',
                    m.earlierLine ?? '',
                    m.customer?.id ?? '',
                    m.customer?.name ?? '',
                  ]
                    .map(csvCell)
                    .join(',')}\n`,
              )
              .join('');
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="import-${id}-matches.csv"`)
        .send(Readable.from(lines()));
    },
  );

  app.get(
    '/imports/:id/errors.csv',
    { schema: { tags, params, produces: ['text/csv'] } },
    async (request, reply) => {
      const { id } = request.params;
      const workspaceId = request.workspace.id;
      const last = await request.tx(async (tx) => {
        await findImport(tx, id);
        const max = await tx
          .selectFrom('import_errors')
          .select((eb) => eb.fn.max('line').as('line'))
          .where('import_id', '=', id)
          .executeTakeFirst();
        return Number(max?.line ?? 0);
      });
      const db = app.db;
      async function* lines() {
        yield 'line,column,value,reason,code\n';
        for (let from = 0; from < last; from += ERROR_PAGE_LINES) {
          const rows = await inWorkspace(db, workspaceId, (tx) =>
            tx
              .selectFrom('import_errors')
              .select(['line', 'column_name', 'value', 'reason', 'code'])
              .where('import_id', '=', id)
              .where('line', '>', from)
              .where('line', '<=', from + ERROR_PAGE_LINES)
              .orderBy('line')
              .orderBy('column_name')
              .execute(),
          );
          if (rows.length)
            yield rows
              .map(
                (r) => `${[r.line, r.column_name, r.value, r.reason, r.code ?? ''].map(csvCell).join(',')}\n`,
              )
              .join('');
        }
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="import-${id}-errors.csv"`)
        .send(Readable.from(lines()));
    },
  );
};
