import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { ApiError, apiErrorFrom } from './api-error';
import type { paths } from './openapi';

export interface ApiClientOptions {
  /** Where the API is rooted; the web app's is `/api/v1` of its own origin. */
  baseUrl?: string;
  /**
   * The session's CSRF token, sent with every request that changes something; null when signed out.
   * The session itself travels in its httpOnly cookie.
   */
  csrfToken: () => string | null;
  workspace: () => string | null;
  /** Called when the server no longer accepts the session (expired, revoked, logged out elsewhere). */
  onUnauthorized?: () => void;
  fetch?: (request: Request) => Promise<Response>;
}

/** The API, typed by the paths of its OpenAPI document (see scripts/api-types.ts). */
export type ApiClient = Client<paths>;

/** `?a=1&b=x`, leaving out what is unset or empty so that "no filter" is not sent as a filter. */
export function queryString(query: Record<string, unknown> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The session's headers on every request, and every failed answer thrown as an ApiError: a caller
 * that gets an answer back got a successful one.
 */
export function sessionMiddleware(options: ApiClientOptions): Middleware {
  return {
    onRequest({ request }) {
      const csrfToken = options.csrfToken();
      if (csrfToken && !SAFE_METHODS.has(request.method)) request.headers.set('x-csrf-token', csrfToken);
      const workspace = options.workspace();
      if (workspace) request.headers.set('clm-workspace', workspace);
    },
    async onResponse({ response }) {
      if (response.ok) return undefined;
      const error = await apiErrorFrom(response);
      // Without a session (a failed sign-in) a 401 is the answer itself, not a session that ended.
      if (error.status === 401 && options.csrfToken()) options.onUnauthorized?.();
      throw error;
    },
    onError({ error }) {
      if (error instanceof DOMException && error.name === 'AbortError') return undefined;
      return new ApiError(0, 'network', error instanceof Error ? error.message : 'network error');
    },
  };
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl ?? '/api/v1',
    fetch: options.fetch ?? ((request) => fetch(request)),
    headers: { accept: 'application/json' },
    credentials: 'same-origin',
    querySerializer: queryString,
  });
  client.use(sessionMiddleware(options));
  return client;
}

interface Answer<T> {
  data?: T;
  response: Response;
}

/**
 * An answer's body. The client has thrown failed answers, so what arrives here succeeded; one without
 * a body where its route promises one is the server's fault. (Routes answering 204 need no `ok`.)
 */
export async function ok<T>(answer: Promise<Answer<T>>): Promise<T> {
  return (await withEtag(answer)).data;
}

/** An answer's body with its ETag, the version a later change sends back as If-Match. */
export async function withEtag<T>(answer: Promise<Answer<T>>): Promise<{ data: T; etag: string | null }> {
  const { data, response } = await answer;
  if (data === undefined)
    throw new ApiError(response.status, 'no-body', `HTTP ${response.status} without a body`);
  return { data, etag: response.headers.get('etag') };
}

/**
 * Sends a multipart form (a file upload) as the request's body. The upload routes describe no JSON
 * body, and the browser writes the form's content type with its boundary.
 */
export const formBody = (form: FormData): Middleware => ({
  onRequest: ({ request }) => new Request(request, { body: form }),
});
