import { createHash, timingSafeEqual } from 'node:crypto';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { TOKEN_LIFETIMES } from './tokens.js';

/**
 * The web app's session: the session token in an httpOnly cookie that page scripts cannot read, and a
 * CSRF token that they can. The CSRF token is derived from the session token (a hash: it reveals
 * nothing of it), so it needs no storage and belongs to exactly one session; a request that changes
 * something must carry it in a header, which another site's page cannot set. SameSite=Strict already
 * keeps the cookie off other sites' requests; the header check is the second lock for browsers or
 * set-ups where that does not hold.
 */
export const SESSION_COOKIE = 'clm_session';
export const CSRF_COOKIE = 'clm_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const csrfTokenFor = (sessionToken: string) =>
  createHash('sha256').update(`csrf:${sessionToken}`).digest('base64url');

function cookieOptions(request: FastifyRequest, httpOnly: boolean): CookieSerializeOptions {
  return {
    path: '/',
    httpOnly,
    sameSite: 'strict',
    // Secure when the browser reached us over https, directly or through a proxy that terminates TLS.
    secure: request.protocol === 'https' || request.headers['x-forwarded-proto'] === 'https',
    // The server ends the session earlier when idle; the cookie never outlives the session's lifetime.
    maxAge: TOKEN_LIFETIMES.sessionMs / 1000,
  };
}

/** Sets the session and CSRF cookies; answers the CSRF token the page must send back. */
export function setSessionCookies(
  request: FastifyRequest,
  reply: FastifyReply,
  sessionToken: string,
): string {
  const csrfToken = csrfTokenFor(sessionToken);
  reply.setCookie(SESSION_COOKIE, sessionToken, cookieOptions(request, true));
  reply.setCookie(CSRF_COOKIE, csrfToken, cookieOptions(request, false));
  return csrfToken;
}

export function clearSessionCookies(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(request, true));
  reply.clearCookie(CSRF_COOKIE, cookieOptions(request, false));
}

/** The session token a request carries in its cookie, if any. */
export const sessionCookieOf = (request: FastifyRequest): string | undefined =>
  request.cookies?.[SESSION_COOKIE] || undefined;

/** Throws 403 unless a cookie-authenticated request that changes something carries the session's CSRF token. */
export function checkCsrf(request: FastifyRequest, sessionToken: string): void {
  if (SAFE_METHODS.has(request.method)) return;
  const sent = request.headers[CSRF_HEADER];
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const given = Buffer.from(typeof sent === 'string' ? sent : '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AppError(403, 'csrf', `a request signed in by cookie must send the ${CSRF_HEADER} header`);
  }
}
