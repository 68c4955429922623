import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * What the browser may load on CLM's pages: only CLM's own scripts (the built web app and the API
 * docs are files of this server, with no inline script), no framing by any site, no MIME sniffing, no
 * referrer sent elsewhere. Inline styles stay allowed: React's and ECharts' style attributes and the
 * API docs' stylesheets use them, and styles cannot run code. No upgrade-insecure-requests: CLM is
 * often served over plain http on a local network, where it would break every asset.
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'worker-src': ["'self'", 'blob:'],
};

export async function registerSecurityHeaders(app: FastifyInstance) {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}
