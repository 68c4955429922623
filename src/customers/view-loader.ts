import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import type { Tables } from '../db/tables.js';
import { queryInWorkspace } from '../db/tenant.js';
import type { StageAndValue } from '../lifecycle/customer-view.js';
import { type CustomerRow, customerViewsByIds } from './repository.js';

type CustomerView = CustomerRow & StageAndValue;

const loaders = new WeakMap<Kysely<Tables>, DataLoader<string, CustomerView | undefined>>();

/**
 * One customer with its stage and value, as the customer read answers it. Reads that arrive in the same
 * turn of the event loop share one statement per workspace: under load, one round trip to the database
 * serves many requests, and a lone read waits for nothing.
 */
export function loadCustomerView(db: Kysely<Tables>, workspaceId: string, id: string) {
  let loader = loaders.get(db);
  if (!loader) {
    loader = new DataLoader((keys) => readViews(db, keys), {
      cache: false,
      batchScheduleFn: (run) => setImmediate(run),
      maxBatchSize: 200,
    });
    loaders.set(db, loader);
  }
  return loader.load(`${workspaceId} ${id.toLowerCase()}`);
}

async function readViews(db: Kysely<Tables>, keys: readonly string[]) {
  const idsByWorkspace = new Map<string, string[]>();
  for (const key of keys) {
    const [workspaceId, id] = key.split(' ');
    const ids = idsByWorkspace.get(workspaceId);
    if (ids) ids.push(id);
    else idsByWorkspace.set(workspaceId, [id]);
  }
  const found = new Map<string, CustomerView>();
  await Promise.all(
    [...idsByWorkspace].map(async ([workspaceId, ids]) => {
      const rows = await queryInWorkspace(db, workspaceId, customerViewsByIds(db, ids));
      for (const row of rows) found.set(`${workspaceId} ${row.id}`, row);
    }),
  );
  return keys.map((key) => found.get(key));
}
