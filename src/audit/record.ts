import type { FastifyRequest } from 'fastify';
import type { Tx } from '../db/tenant.js';
import { actorOf } from '../http/authenticate.js';

/** Who acted, where: every service's actor has these two fields. */
export interface AuditActor {
  workspaceId: string;
  userId: string | null;
}

export interface AuditEntry {
  action: 'create' | 'update' | 'delete' | 'merge' | 'transfer' | string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/** Appends to the audit log inside the caller's transaction, so the entry and the change commit together. */
export async function recordAudit(tx: Tx, actor: AuditActor, entry: AuditEntry): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values({
      workspace_id: actor.workspaceId,
      user_id: actor.userId,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute();
}

/** `recordAudit` for one kind of entity: `const audit = auditorOf('contact')`, then `audit(tx, actor, 'update', id, {before, after})`. */
export function auditorOf(entity: string) {
  return (
    tx: Tx,
    actor: AuditActor,
    action: string,
    entityId: string,
    change: { before?: unknown; after?: unknown },
  ) => recordAudit(tx, actor, { action, entity, entityId, ...change });
}

/** `recordAudit` in a transaction of its own, for a route whose action writes nothing (an export, a read). */
export function auditRequest(request: FastifyRequest, entry: AuditEntry): Promise<void> {
  return request.tx((tx) => recordAudit(tx, actorOf(request), entry));
}
