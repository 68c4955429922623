import { ApiError, apiErrorFrom } from './api-error';

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** A multipart body (a file upload) instead of JSON; the browser writes its content type. */
  form?: FormData;
  /** The ETag read with the record; PATCH and DELETE need it. */
  ifMatch?: string;
  idempotencyKey?: string;
  signal?: AbortSignal;
  /** Answer the body as a Blob (a download such as a CSV) rather than parsed JSON. */
  blob?: boolean;
}

export interface ApiResponse<T> {
  data: T;
  etag: string | null;
}

export interface ApiClientOptions {
  baseUrl?: string;
  /**
   * The session's CSRF token, sent with every request that changes something; null when signed out.
   * The session itself travels in its httpOnly cookie.
   */
  csrfToken: () => string | null;
  workspace: () => string | null;
  /** Called when the server no longer accepts the session (expired, revoked, logged out elsewhere). */
  onUnauthorized?: () => void;
  fetch?: typeof fetch;
}

export interface ApiClient {
  request<T>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T>;
}

/** `?a=1&b=x`, leaving out what is unset or empty so that "no filter" is not sent as a filter. */
export function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function createApiClient(options: ApiClientOptions): ApiClient {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const baseUrl = options.baseUrl ?? '';

  async function request<T>(method: string, path: string, req: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const csrfToken = options.csrfToken();
    if (csrfToken && !SAFE_METHODS.has(method)) headers['x-csrf-token'] = csrfToken;
    const workspace = options.workspace();
    if (workspace) headers['clm-workspace'] = workspace;
    if (req.body !== undefined && !req.form) headers['content-type'] = 'application/json';
    if (req.ifMatch) headers['if-match'] = req.ifMatch;
    if (req.idempotencyKey) headers['idempotency-key'] = req.idempotencyKey;
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}/api/v1${path}${queryString(req.query)}`, {
        method,
        headers,
        body: req.form ?? (req.body === undefined ? undefined : JSON.stringify(req.body)),
        signal: req.signal,
        credentials: 'same-origin',
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError(0, 'network', error instanceof Error ? error.message : 'network error');
    }
    if (!response.ok) {
      const error = await apiErrorFrom(response);
      if (error.status === 401 && csrfToken) options.onUnauthorized?.();
      throw error;
    }
    if (req.blob) return { data: (await response.blob()) as T, etag: response.headers.get('etag') };
    const data = (response.status === 204 ? null : await response.json()) as T;
    return { data, etag: response.headers.get('etag') };
  }

  return {
    request,
    get: async <T>(path: string, query?: Query, signal?: AbortSignal) =>
      (await request<T>('GET', path, { query, signal })).data,
  };
}
