import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, type FieldError } from '../errors.js';

/**
 * Rules every piece of input obeys before any route sees it: text is valid Unicode without NUL, and JSON
 * is at most `MAX_DEPTH` levels deep. PostgreSQL refuses NUL in `text` and `jsonb` and a lone UTF-16
 * surrogate has no UTF-8 form, so either one reached the database as an error (a 500) or was silently
 * changed; a JSON body nested thousands deep exhausted a recursive walk on its way to storage.
 *
 * They run as one `preValidation` hook rather than inside each route's zod schema: by then the body is
 * parsed and the query and path are decoded, so a single walk covers every string of every route
 * (free-form JSON such as custom fields and settings included, which no string schema sees), and a
 * route added tomorrow is covered without anyone remembering to opt in. Imported files are checked per
 * cell by the import, with the same `textFault`.
 */
export const MAX_DEPTH = 32;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a text is refused, or `undefined` when it is fine. */
export function textFault(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain NUL characters';
  if (LONE_SURROGATE.test(text)) return 'is not valid Unicode text (it holds a lone UTF-16 surrogate)';
  return undefined;
}

/** The text with NUL and lone surrogates replaced by U+FFFD, safe to store or show as a preview. */
export function printable(text: string): string {
  return text.replaceAll('\u0000', '\ufffd').replace(new RegExp(LONE_SURROGATE, 'g'), '\ufffd');
}

/**
 * The first fault in a parsed JSON value (or a decoded query, path or header map), with the dotted path
 * of the field at fault: `body.custom.note`, `querystring.q` (as schema validation
 * names them). Containers deeper than
 * `MAX_DEPTH` are not entered, so the walk itself stays shallow whatever it is given.
 */
export function inputFault(value: unknown, path: string, depth = 0): FieldError | undefined {
  if (typeof value === 'string') {
    const message = textFault(value);
    return message ? { path, code: 'invalid_text', message } : undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth >= MAX_DEPTH)
    return { path, code: 'too_deep', limit: MAX_DEPTH, message: `is nested deeper than ${MAX_DEPTH} levels` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const fault = inputFault(value[i], `${path}.${i}`, depth + 1);
      if (fault) return fault;
    }
    return undefined;
  }
  for (const key in value) {
    const keyFault = textFault(key);
    if (keyFault)
      return { path: `${path}.${printable(key)}`, code: 'invalid_text', message: `field name ${keyFault}` };
    const fault = inputFault((value as Record<string, unknown>)[key], `${path}.${key}`, depth + 1);
    if (fault) return fault;
  }
  return undefined;
}

function requestFault(request: FastifyRequest): [string, FieldError] | undefined {
  const parts: [string, unknown][] = [
    ['headers', request.headers],
    ['params', request.params],
    ['querystring', request.query],
    ['body', request.body],
  ];
  for (const [where, value] of parts) {
    const fault = inputFault(value, where);
    if (fault) return [where, fault];
  }
  return undefined;
}

export function registerInputChecks(app: FastifyInstance) {
  app.addHook('preValidation', async function checkInput(request) {
    const found = requestFault(request);
    if (!found) return;
    const [where, fault] = found;
    throw new AppError(400, 'validation', `invalid ${where}: ${fault.path} ${fault.message}`, [fault]);
  });
}
