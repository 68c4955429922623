/** One field the server refused, as the API's problem+json `errors` lists it. */
export interface FieldError {
  path: string;
  /** The server's stable code (`required`, `too_long`, `invalid_phone`…), for the reader's language. */
  code?: string;
  /** The bound a `too_short`/`too_long`/`too_few`/`too_many`/`too_small`/`too_big` value missed. */
  limit?: number;
  /** English, for people reading the raw answer. */
  message: string;
}

/** An RFC 9457 problem the API answered with, or a stand-in for a failure that had none. */
export class ApiError extends Error {
  readonly status: number;
  /** The problem type's last segment, e.g. `invalid-credentials`, `validation`, `precondition-failed`. */
  readonly code: string;
  readonly errors: FieldError[];
  /** Seconds to wait, from `Retry-After` (429). */
  readonly retryAfter: number | null;
  /** The problem's other members, e.g. `limit` of an `ownership-limit` (which pool limit was reached). */
  readonly extra: Record<string, unknown>;

  constructor(
    status: number,
    code: string,
    detail: string,
    errors: FieldError[] = [],
    retryAfter = null as number | null,
    extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.errors = errors;
    this.retryAfter = retryAfter;
    this.extra = extra;
  }
}

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== 'object' || value === null) return false;
  const { path, message } = value as Record<string, unknown>;
  return typeof path === 'string' && typeof message === 'string';
}

/** Reads a failed response into an ApiError, whether or not its body is problem+json. */
export async function apiErrorFrom(response: Response): Promise<ApiError> {
  const retryHeader = response.headers.get('retry-after');
  const retryAfter = retryHeader && /^\d+$/.test(retryHeader) ? Number(retryHeader) : null;
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // A proxy's HTML error page or an empty body: the status alone has to tell the story.
  }
  const problem = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const type = typeof problem.type === 'string' ? problem.type : '';
  const code = type ? (type.split('/').pop() ?? 'error') : `http-${response.status}`;
  const detail =
    typeof problem.detail === 'string'
      ? problem.detail
      : typeof problem.title === 'string'
        ? problem.title
        : response.statusText || `HTTP ${response.status}`;
  const errors = Array.isArray(problem.errors) ? problem.errors.filter(isFieldError) : [];
  return new ApiError(response.status, code, detail, errors, retryAfter, problem);
}

/**
 * Field messages keyed by the form field they belong to: `body.emails.1` → `emails`. The first message
 * of a field wins, so a list field shows one message, not one per element. `say` puts an error in the
 * reader's words (see useFieldMessages); without it the server's English message is shown.
 */
export function fieldMessages(
  error: unknown,
  say: (error: FieldError) => string = (e) => e.message,
): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const fault of error.errors) {
    const parts = fault.path.split('.');
    const field = parts[0] === 'body' || parts[0] === 'querystring' ? parts[1] : parts[0];
    if (field && !(field in out)) out[field] = say(fault);
  }
  return out;
}
