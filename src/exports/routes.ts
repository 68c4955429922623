import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditRequest } from '../audit/record.js';
import { requirePermission } from '../authorization/permissions.js';
import { maskForRole } from '../authorization/pii-visibility.js';
import type { Role } from '../db/tables.js';
import { viewerOf } from '../http/authenticate.js';
import { customerColumns, transactionColumns } from './columns.js';
import { customerExportQuery, customerPages, transactionExportQuery, transactionPages } from './pages.js';
import { CONTENT_TYPES, type ExportFormat, writeCsv, writeXlsx } from './write.js';

const FORMATS: ExportFormat[] = ['csv', 'xlsx'];
const tags = ['exports'];

/**
 * `/exports/customers.csv|.xlsx` and `/exports/transactions.csv|.xlsx`: every row the list endpoint
 * would page through with the same filters and sort, streamed as a download.
 */
export const exportRoutes: FastifyPluginAsyncZod = async (app) => {
  for (const format of FORMATS) {
    app.get(
      `/exports/customers.${format}`,
      { schema: { tags, querystring: customerExportQuery, produces: [CONTENT_TYPES[format]] } },
      async (request, reply) => {
        requirePermission(request.workspace.role, 'data.export');
        const pages = await primed(
          masked(
            request.workspace.role,
            customerPages(
              app.db,
              request.workspace.id,
              request.query,
              request.workspace.phoneRegion,
              viewerOf(request),
            ),
          ),
        );
        await auditRequest(request, exportEntry('customers', format, request.query));
        return download(reply, format, 'customers', (out) =>
          format === 'csv'
            ? writeCsv(pages, customerColumns, out)
            : writeXlsx(pages, customerColumns, out, 'customers'),
        );
      },
    );
    app.get(
      `/exports/transactions.${format}`,
      { schema: { tags, querystring: transactionExportQuery, produces: [CONTENT_TYPES[format]] } },
      async (request, reply) => {
        requirePermission(request.workspace.role, 'data.export');
        const pages = await primed(
          transactionPages(app.db, request.workspace.id, request.query, viewerOf(request)),
        );
        await auditRequest(request, exportEntry('transactions', format, request.query));
        return download(reply, format, 'transactions', (out) =>
          format === 'csv'
            ? writeCsv(pages, transactionColumns, out)
            : writeXlsx(pages, transactionColumns, out, 'transactions'),
        );
      },
    );
  }
};

/** An export as the audit trail keeps it: the filters, but not the search text, often a name or phone. */
function exportEntry(entity: string, format: ExportFormat, query: object) {
  const { q, ...filters } = query as { q?: string };
  return { action: 'export', entity, entityId: format, after: { filters, search: q !== undefined } };
}

function download(
  reply: FastifyReply,
  format: ExportFormat,
  name: string,
  write: (out: PassThrough) => Promise<void>,
) {
  const out = new PassThrough();
  // Headers are sent with the first bytes; a failure after that can only cut the download short.
  write(out).catch((error: unknown) => out.destroy(error as Error));
  return reply
    .type(CONTENT_TYPES[format])
    .header('content-disposition', `attachment; filename="${name}.${format}"`)
    .send(out);
}

/** An export shows contact data as the API does to the same user (pii-visibility.ts). */
async function* masked<T>(role: Role, pages: AsyncGenerator<T[]>): AsyncGenerator<T[]> {
  for await (const page of pages) yield maskForRole(role, page);
}

/** Reads the first page before the answer starts, so that a failure there is still a proper problem answer. */
async function primed<T>(pages: AsyncGenerator<T>): Promise<AsyncIterable<T>> {
  const first = await pages.next();
  return (async function* () {
    if (!first.done) yield first.value;
    yield* pages;
  })();
}
