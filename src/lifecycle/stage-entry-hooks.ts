import type { Tx } from '../db/tenant.js';
import type { StageEntry } from './playbooks.js';

/**
 * What another domain does when customers enter a stage (care rules queue their occasions), in the
 * transaction that records the entries, so an entry and what follows from it commit together. The
 * lifecycle knows no such domain: they register here.
 */
export type StageEntryHook = (tx: Tx, workspaceId: string, entries: StageEntry[]) => Promise<void>;

const hooks: StageEntryHook[] = [];

/** Registers a hook once, however often it is registered (each app registers its domains' hooks). */
export function onStageEntries(hook: StageEntryHook): void {
  if (!hooks.includes(hook)) hooks.push(hook);
}

export async function stageEntriesRecorded(
  tx: Tx,
  workspaceId: string,
  entries: StageEntry[],
): Promise<void> {
  for (const hook of hooks) await hook(tx, workspaceId, entries);
}
