/**
 * What a log line may tell of an error. Both drivers attach the statement (`query`) and its parameters
 * (`params`, PGlite) to a failed query's error, and PostgreSQL's `message`, `detail` and `where` echo
 * the values at fault (`Key (email)=(a@b.c) already exists`, `invalid input syntax for type uuid:
 * "13812345678"`), so a database error is logged by its SQLSTATE and the schema objects it names only.
 * Other errors keep their message and stack, and a cause is summarised the same way.
 */
export function errorSummary(error: unknown, depth = 0): LoggedError {
  if (typeof error !== 'object' || error === null) return { type: typeof error, message: '', stack: '' };
  const fields = error as Record<string, unknown>;
  const summary: LoggedError = isDatabaseError(fields)
    ? databaseFields(fields)
    : {
        type: error instanceof Error ? error.name : 'object',
        message: typeof fields.message === 'string' ? fields.message : '',
        stack: typeof fields.stack === 'string' ? fields.stack : '',
      };
  if (!isDatabaseError(fields) && typeof fields.code === 'string') summary.code = fields.code;
  if (fields.cause !== undefined && depth < 3) summary.cause = errorSummary(fields.cause, depth + 1);
  return summary;
}

/** The shape the logger's `err` serializer returns. */
export interface LoggedError {
  type: string;
  message: string;
  stack: string;
  [field: string]: unknown;
}

/** PostgreSQL's error fields, as pg and PGlite both expose them: a five-character SQLSTATE and more. */
function isDatabaseError(fields: Record<string, unknown>): boolean {
  return (
    typeof fields.code === 'string' &&
    /^[0-9A-Z]{5}$/.test(fields.code) &&
    ('severity' in fields || 'routine' in fields || 'query' in fields)
  );
}

const NAMES = ['severity', 'code', 'constraint', 'schema', 'table', 'column', 'dataType', 'routine'] as const;

function databaseFields(fields: Record<string, unknown>): LoggedError {
  // The frames only: the stack's first line repeats the message.
  const stack = typeof fields.stack === 'string' ? fields.stack.split('\n').slice(1).join('\n') : '';
  const summary: LoggedError = { type: 'DatabaseError', message: `database error ${fields.code}`, stack };
  for (const name of NAMES) if (typeof fields[name] === 'string') summary[name] = fields[name];
  return summary;
}
