import { z } from 'zod';
import { DEFAULT_CHURN_BANDS } from '../analytics/churn-model.js';
import type { Tx } from '../db/tenant.js';
import type { ChurnBandBounds } from './customer-values.js';

const probability = z.number().gt(0).lt(1);

/**
 * The lower bounds of the medium, high and critical churn levels on P(no purchase in the next 90
 * days): each in (0, 1), each above the one before.
 */
export const churnBandsJson = z
  .strictObject({ medium: probability, high: probability, critical: probability })
  .superRefine((bands, ctx) => {
    const code = 'not_above_previous';
    if (!(bands.high > bands.medium))
      ctx.addIssue({ code: 'custom', path: ['high'], message: 'must be above medium', params: { code } });
    if (!(bands.critical > bands.high))
      ctx.addIssue({ code: 'custom', path: ['critical'], message: 'must be above high', params: { code } });
  });
export type ChurnBandsJson = z.infer<typeof churnBandsJson>;

const asJson = ([medium, high, critical]: ChurnBandBounds): ChurnBandsJson => ({ medium, high, critical });

/** The workspace's bounds; the defaults before any are saved. */
export async function churnBandBounds(tx: Tx): Promise<ChurnBandBounds> {
  const row = await tx.selectFrom('customer_value_models').select('churn_bands').executeTakeFirst();
  return row?.churn_bands ?? DEFAULT_CHURN_BANDS;
}

export async function churnBandsOf(tx: Tx): Promise<ChurnBandsJson> {
  return asJson(await churnBandBounds(tx));
}

/**
 * Saves the bounds. The stored cut-offs go with them, so that the next refresh recomputes every
 * customer's level rather than only the changed customers'.
 */
export async function saveChurnBands(
  tx: Tx,
  workspaceId: string,
  bands: ChurnBandsJson,
): Promise<ChurnBandsJson> {
  const row = {
    churn_bands: JSON.stringify([bands.medium, bands.high, bands.critical]),
    cutoffs: null,
    cutoffs_as_of: null,
    cutoffs_at: null,
  };
  await tx
    .insertInto('customer_value_models')
    .values({ workspace_id: workspaceId, ...row })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet(row))
    .execute();
  return bands;
}
