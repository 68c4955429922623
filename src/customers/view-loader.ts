import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import type { Tables } from '../db/tables.js';
import { queryInWorkspace, type Viewer } from '../db/tenant.js';
import { type CustomerView, customerViewsByIds } from './repository.js';

const loaders = new WeakMap<Kysely<Tables>, DataLoader<string, CustomerView | undefined>>();

/**
 * One customer with its stage and value, as the customer read answers it. Reads that arrive in the same
 * turn of the event loop share one statement per workspace: under load, one round trip to the database
 * serves many requests, and a lone read waits for nothing.
 */
export function loadCustomerView(db: Kysely<Tables>, workspaceId: string, viewer: Viewer, id: string) {
  let loader = loaders.get(db);
  if (!loader) {
    loader = new DataLoader((keys) => readViews(db, keys), {
      cache: false,
      batchScheduleFn: (run) => setImmediate(run),
      maxBatchSize: 200,
    });
    loaders.set(db, loader);
  }
  return loader.load(`${workspaceId} ${viewer.userId} ${viewer.scope} ${id.toLowerCase()}`);
}

/** Reads share a statement when they share a workspace and a viewer (what row-level security binds). */
async function readViews(db: Kysely<Tables>, keys: readonly string[]) {
  const idsByBinding = new Map<string, string[]>();
  for (const key of keys) {
    const binding = key.slice(0, key.lastIndexOf(' '));
    const id = key.slice(binding.length + 1);
    const ids = idsByBinding.get(binding);
    if (ids) ids.push(id);
    else idsByBinding.set(binding, [id]);
  }
  const found = new Map<string, CustomerView>();
  await Promise.all(
    [...idsByBinding].map(async ([binding, ids]) => {
      const [workspaceId, userId, scope] = binding.split(' ');
      const viewer = { userId, scope: scope as Viewer['scope'] };
      const rows = await queryInWorkspace(db, workspaceId, customerViewsByIds(db, ids), viewer);
      for (const row of rows) found.set(`${binding} ${row.id}`, row);
    }),
  );
  return keys.map((key) => found.get(key));
}
