import { z } from 'zod';
import { REPEAT_MODELS, type RepeatModelKind } from '../analytics/repeat-model.js';
import type { Tx } from '../db/tenant.js';
import { WORKSPACE_MODELS } from './workspace-model.js';

/** The repeat models that compete for the workspace's fit: one at least, each once. */
export const candidatesJson = z
  .strictObject({ repeatModels: z.array(z.enum(REPEAT_MODELS)).min(1) })
  .superRefine(({ repeatModels }, ctx) => {
    repeatModels.forEach((kind, i) => {
      if (repeatModels.indexOf(kind) !== i)
        ctx.addIssue({
          code: 'custom',
          path: ['repeatModels', i],
          message: 'is named twice',
          params: { code: 'duplicate' },
        });
    });
  });
export type CandidatesJson = z.infer<typeof candidatesJson>;

/** In the one order the comparison lists them, whatever order they were named in. */
const ordered = (kinds: readonly string[]): RepeatModelKind[] =>
  REPEAT_MODELS.filter((kind) => kinds.includes(kind));

/** The workspace's candidates (the transaction's workspace); the defaults before any are saved. */
export async function repeatModelCandidates(tx: Tx): Promise<RepeatModelKind[]> {
  const row = await tx.selectFrom('scoring_settings').select('repeat_models').executeTakeFirst();
  return ordered(row?.repeat_models ?? WORKSPACE_MODELS);
}

export async function candidatesOf(tx: Tx): Promise<CandidatesJson> {
  return { repeatModels: await repeatModelCandidates(tx) };
}

/** Saves the candidates; the next refresh refits when they differ from those of the stored fit. */
export async function saveCandidates(
  tx: Tx,
  workspaceId: string,
  { repeatModels }: CandidatesJson,
): Promise<CandidatesJson> {
  const repeat_models = ordered(repeatModels);
  await tx
    .insertInto('scoring_settings')
    .values({ workspace_id: workspaceId, repeat_models })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ repeat_models }))
    .execute();
  return { repeatModels: repeat_models };
}
