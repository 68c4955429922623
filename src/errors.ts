/**
 * The one error type of CLM. Domain code throws these; the HTTP layer maps them to RFC 9457
 * problem+json and the CLI to a one-line message and an exit code.
 */
export interface FieldError {
  /** Dotted path of the field at fault, e.g. `phones.0` or `amount`. */
  path: string;
  /**
   * Stable machine code, for clients to show the error in their user's language: `required`,
   * `too_short`, `too_long`, `too_few`, `too_many`, `too_small`, `too_big`, `invalid_type`,
   * `invalid_email`, `invalid_phone`, `date_out_of_range`, `unknown_field`… (`invalid` when nothing
   * more precise applies). The message is English, for people reading the raw answer.
   */
  code?: string;
  /** The bound a value missed: characters (`too_short`/`too_long`), items, or the number itself. */
  limit?: number;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    /** Short, stable slug used as the problem type, e.g. `validation`, `not-found`. */
    readonly code: string,
    message: string,
    readonly errors: FieldError[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, errors: FieldError[] = []) =>
  new AppError(400, 'validation', message, errors);
export const notFound = (what: string) => new AppError(404, 'not-found', `${what} not found`);
export const conflict = (message: string, extra: Record<string, unknown> = {}) =>
  new AppError(409, 'conflict', message, [], extra);

/** A wrong command line: the CLI prints the message on one line and exits with status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A wrong setting in the environment: the CLI prints the message on one line and exits with status 1. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
