import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

/** Records carry a version that every write increments; it is their entity tag. */
export function setEtag(reply: FastifyReply, version: number) {
  reply.header('ETag', `"${version}"`);
}

/**
 * The version the client last saw, from `If-Match`. Writes without it are refused (428) so that two
 * people editing one record can never silently overwrite each other.
 */
export function expectedVersion(request: FastifyRequest): number {
  const header = request.headers['if-match'];
  if (!header) throw new AppError(428, 'precondition-required', 'send If-Match with the ETag you read');
  const match = /^(?:W\/)?"(\d+)"$/.exec(header.trim());
  if (!match) throw new AppError(412, 'precondition-failed', 'If-Match does not match the current version');
  return Number(match[1]);
}

export const staleVersion = () =>
  new AppError(412, 'precondition-failed', 'the record was changed by someone else; read it again');
