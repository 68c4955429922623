import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

/** Records carry a version that every write increments; it is their entity tag. */
export function setEtag(reply: FastifyReply, version: number) {
  reply.header('ETag', `"${version}"`);
}

const MAX_VERSION = 2_147_483_647;

/**
 * The version the client last saw, from `If-Match`. Writes without it are refused (428) so that two
 * people editing one record can never silently overwrite each other.
 */
export function expectedVersion(request: FastifyRequest): number {
  const header = request.headers['if-match'];
  if (!header) throw new AppError(428, 'precondition-required', 'send If-Match with the ETag you read');
  const match = /^(?:W\/)?"(\d+)"$/.exec(header.trim());
  const version = match ? Number(match[1]) : Number.NaN;
  // Versions are PostgreSQL integers: a larger number matches no record and must not reach the query.
  if (!(version <= MAX_VERSION))
    throw new AppError(412, 'precondition-failed', 'If-Match does not match the current version');
  return version;
}

export const staleVersion = () =>
  new AppError(412, 'precondition-failed', 'the record was changed by someone else; read it again');
