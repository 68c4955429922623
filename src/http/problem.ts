import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { redirectMergedCustomer } from '../customers/alias-redirect.js';
import { isRowSecurityViolation } from '../db/row-security-violation.js';
import { isStatementTimeout } from '../db/statement-timeout.js';
import { AppError, type FieldError } from '../errors.js';

/** Problem type URIs are relative to this, so clients can match on them. */
const TYPE_BASE = 'https://clm.dev/problems/';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Checks of the body the schema cannot make because they need the request (e.g. phone numbers of
     * the workspace's region). The route's logic makes them again; here they run when the schema
     * refused the body, so that their faults come back beside the schema's, in one round.
     */
    bodyFaults?: (body: unknown, request: FastifyRequest) => FieldError[];
  }
}

interface Problem {
  type: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
}

/** The problem+json body every error answer has, as documented in the OpenAPI description. */
export const problemJson = z
  .object({
    type: z.string().describe('`https://clm.dev/problems/<slug>`, e.g. `…/validation`, `…/not-found`'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional().describe('English, for people reading the raw answer'),
    instance: z.string(),
    errors: z
      .array(
        z.object({
          path: z.string().describe('Dotted path of the field at fault, e.g. `body.phones.0`'),
          code: z
            .string()
            .describe(
              'Stable machine code, for clients to show the error in their language: `required`, ' +
                '`too_short`, `too_long`, `too_few`, `too_many`, `too_small`, `too_big`, `invalid_type`, ' +
                '`invalid_value`, `invalid_email`, `invalid_uuid`, `invalid_format`, `invalid_phone`, ' +
                '`invalid_date`, `date_out_of_range`, `unknown_field`, `not_in_workspace`… ' +
                '(`invalid` when nothing more precise applies)',
            ),
          limit: z
            .number()
            .optional()
            .describe('The bound a value missed: characters, items, or the number itself'),
          message: z.string().describe('English'),
        }),
      )
      .optional()
      .describe('Every field at fault, all at once'),
  })
  .catchall(z.unknown());

interface OpenApiDocument {
  components?: { schemas?: Record<string, unknown>; [key: string]: unknown };
  paths?: Record<string, Record<string, unknown> | undefined>;
}

/**
 * The OpenAPI description with the problem schema in its components and named as every operation's
 * error answer (4XX and 5XX), so that clients know where to find each field's code.
 */
export function withProblems<T extends object>(document: T): T {
  const doc = document as OpenApiDocument;
  const answer = {
    description: 'An RFC 9457 problem',
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  };
  const paths = Object.fromEntries(
    Object.entries(doc.paths ?? {}).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item ?? {}).map(([method, op]) => {
          const responses = (op as { responses?: Record<string, unknown> }).responses;
          if (!responses) return [method, op];
          return [method, { ...(op as object), responses: { ...responses, '4XX': answer, '5XX': answer } }];
        }),
      ),
    ]),
  );
  // A component is a schema of the document's own dialect: no `$schema` of its own.
  const { $schema: _, ...problem } = z.toJSONSchema(problemJson);
  const schemas = { ...doc.components?.schemas, Problem: problem };
  return { ...document, paths, components: { ...doc.components, schemas } };
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  problem: Problem & Record<string, unknown>,
) {
  const body = { title: TITLES[problem.status] ?? 'Error', ...problem, instance: request.url };
  return reply.status(problem.status).type('application/problem+json').send(body);
}

/** The one place where errors become RFC 9457 problem details. */
export async function problemHandler(
  error: FastifyError | AppError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  if (error instanceof AppError) {
    if (error.status === 404 && (await redirectMergedCustomer(error, request, reply))) return reply;
    return sendProblem(reply, request, {
      type: TYPE_BASE + error.code,
      status: error.status,
      detail: error.message,
      ...(error.errors.length ? { errors: error.errors.map(withCode) } : {}),
      ...error.extra,
    });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? 'body';
    const errors = error.validation.flatMap((v): FieldError[] => {
      const path = [where, ...String(v.instancePath).split('/').filter(Boolean)];
      // One entry per unknown field, so a client sees exactly which keys it must not send.
      const keys = (v.params as { keys?: unknown }).keys;
      if (v.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
        return keys.map((k) => ({
          path: [...path, String(k)].join('.'),
          code: 'unknown_field',
          message: 'is not a known field',
        }));
      }
      return [
        { path: path.join('.'), ...zodIssueCode(v.keyword, v.params), message: v.message ?? 'invalid' },
      ];
    });
    const late =
      where === 'body' ? (request.routeOptions.config?.bodyFaults?.(request.body, request) ?? []) : [];
    errors.push(...late.filter((fault) => !errors.some((e) => e.path === fault.path)));
    return sendProblem(reply, request, {
      type: `${TYPE_BASE}validation`,
      status: 400,
      detail: `invalid ${where}: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
      errors,
    });
  }
  if (isRowSecurityViolation(error))
    return sendProblem(reply, request, {
      type: `${TYPE_BASE}not-found`,
      status: 404,
      detail: 'a record this request names is not there for you',
    });
  if (isStatementTimeout(error)) {
    request.log.warn('a statement ran past the statement timeout');
    return sendProblem(reply, request, {
      type: `${TYPE_BASE}statement-timeout`,
      status: 503,
      detail:
        'the database took too long to answer (CLM_STATEMENT_TIMEOUT_MS); try again or narrow the request',
    });
  }
  const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  const code = 'code' in error && typeof error.code === 'string' ? error.code.toLowerCase() : 'error';
  return sendProblem(reply, request, {
    type: TYPE_BASE + (status >= 500 ? 'internal' : code),
    status,
    detail: status >= 500 ? 'an unexpected error occurred' : error.message,
  });
}

const withCode = (error: FieldError): FieldError => ({ ...error, code: error.code ?? 'invalid' });

/**
 * A Zod issue as a stable code (and its bound), whatever wording Zod's messages have. Bounds are named
 * by what they count: characters (`too_short`), items (`too_few`) or the value (`too_small`); an empty
 * required text is `required`.
 */
function zodIssueCode(keyword: string, params: Record<string, unknown>): { code: string; limit?: number } {
  if (keyword === 'invalid_format' && typeof params.format === 'string')
    return { code: params.format === 'regex' ? 'invalid_format' : `invalid_${params.format}` };
  // Refinements name their own code: `.refine(f, { params: { code: 'invalid_phone' } })`.
  const own = (params.params as { code?: unknown } | undefined)?.code;
  if (keyword === 'custom' && typeof own === 'string') return { code: own };
  if (keyword !== 'too_small' && keyword !== 'too_big') return { code: keyword };
  const bound = Number(keyword === 'too_small' ? params.minimum : params.maximum);
  const small = keyword === 'too_small';
  if (params.origin === 'string') {
    if (small && bound === 1) return { code: 'required' };
    return { code: small ? 'too_short' : 'too_long', limit: bound };
  }
  if (params.origin === 'array' || params.origin === 'set')
    return { code: small ? 'too_few' : 'too_many', limit: bound };
  return { code: keyword, limit: bound };
}
