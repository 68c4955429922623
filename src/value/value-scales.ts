import { z } from 'zod';
import type { Tx } from '../db/tenant.js';
import { staleVersion } from '../http/preconditions.js';
import { DEFAULT_VALUE_SCALES, type ValueScales } from './value-cutoffs.js';

const share = z.number().gt(0).lt(1);

/**
 * How a workspace splits its customers by value: R, F and M each scored 1…rfmBins by quantiles
 * (2 to 10: one bin says nothing, and more than ten leaves too few customers in each to act on), and
 * ABC classes by cumulative share of revenue, A covering abcA and B the next abcB (C the rest, so
 * abcA + abcB is at most 1).
 */
export const valueScalesJson = z
  .strictObject({
    rfmBins: z.number().int().min(2).max(10),
    abcA: share,
    abcB: z.number().min(0).lt(1),
  })
  .superRefine((scales, ctx) => {
    // Exactly as abcClasses checks it, so that what is saved always computes.
    if (scales.abcA + scales.abcB > 1)
      ctx.addIssue({
        code: 'custom',
        path: ['abcB'],
        message: 'abcA + abcB must be at most 1',
        params: { code: 'sum_above_one' },
      });
  });
export type ValueScalesJson = z.infer<typeof valueScalesJson>;

/** The workspace's scales and their version (the ETag); the defaults, version 1, before any are saved. */
export async function valueScalesOf(tx: Tx): Promise<{ scales: ValueScales; version: number }> {
  const row = await tx
    .selectFrom('customer_value_models')
    .select(['rfm_bins', 'abc_a', 'abc_b', 'scales_version'])
    .executeTakeFirst();
  if (!row) return { scales: DEFAULT_VALUE_SCALES, version: 1 };
  return {
    scales: { rfmBins: row.rfm_bins, abcA: row.abc_a, abcB: row.abc_b },
    version: row.scales_version,
  };
}

/**
 * Saves the scales if `version` is still the stored one. The stored cut-offs go with them, so that
 * the next refresh scores every customer on the new scales rather than only the changed customers.
 */
export async function saveValueScales(
  tx: Tx,
  workspaceId: string,
  version: number,
  scales: ValueScalesJson,
): Promise<{ scales: ValueScales; version: number }> {
  const current = await tx
    .selectFrom('customer_value_models')
    .select('scales_version')
    .forUpdate()
    .executeTakeFirst();
  if ((current?.scales_version ?? 1) !== version) throw staleVersion();
  const row = {
    rfm_bins: scales.rfmBins,
    abc_a: scales.abcA,
    abc_b: scales.abcB,
    scales_version: version + 1,
    cutoffs: null,
    cutoffs_as_of: null,
    cutoffs_at: null,
  };
  await tx
    .insertInto('customer_value_models')
    .values({ workspace_id: workspaceId, ...row })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet(row))
    .execute();
  return { scales: { ...scales }, version: version + 1 };
}
