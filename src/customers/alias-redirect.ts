import type { FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../errors.js';
import { aliasOf } from './merge.js';

const CUSTOMER_NOT_FOUND = notFound('customer').message;
const CUSTOMER_ROUTE = /^\/api\/v1\/customers\/:(id|customerId)(\/|$)/;

/**
 * A read that found no customer under `/customers/:id…` because the id was merged into another
 * customer answers 308 to the same address with the survivor's id, so links and bookmarks made
 * before a merge keep working. Answers whether it redirected.
 */
export async function redirectMergedCustomer(
  error: Error,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<boolean> {
  if (error.message !== CUSTOMER_NOT_FOUND || (request.method !== 'GET' && request.method !== 'HEAD'))
    return false;
  const param = CUSTOMER_ROUTE.exec(request.routeOptions.url ?? '')?.[1];
  const id = param && (request.params as Record<string, string>)[param];
  if (!id || !request.workspace) return false;
  const [alias] = await request.read(aliasOf(request.server.db, id));
  if (!alias) return false;
  const path = request.url.replace(`/customers/${id}`, `/customers/${alias.customer_id}`);
  reply.redirect(path, 308);
  return true;
}
