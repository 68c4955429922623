import { reassignBack, reassignRows } from '../db/reassign.js';
import type { Tx } from '../db/tenant.js';

/** A merge's move of the contracts of the customers `from` to `to` (see reassignRows). */
export const moveContracts = (tx: Tx, to: string, from: string[]) => reassignRows(tx, 'contracts', to, from);

/** A merge's undo: the contracts it moved go back, those still on the survivor. */
export const moveContractsBack = (tx: Tx, survivorId: string, moved: Record<string, string>) =>
  reassignBack(tx, 'contracts', survivorId, moved);
