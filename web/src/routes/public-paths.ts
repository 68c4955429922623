/** Pages a person reaches without a session: signing in, and the links sent by e-mail (a customer's survey too). */
const PUBLIC_PATHS = new Set(['/login', '/invitation', '/forgot-password', '/reset-password', '/survey']);

export const isPublicPath = (pathname: string) => PUBLIC_PATHS.has(pathname);
