/**
 * Whether a statement failed because a row it wrote falls outside what the bound user may see
 * (SQLSTATE 42501 from a row-level security policy's check). To the caller it is a record that is
 * not there for them, as a read of it would be.
 */
export function isRowSecurityViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === '42501' && typeof message === 'string' && message.includes('row-level security');
}
