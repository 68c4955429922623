import type { ValueScales } from '../api/types';

export const SCALE_FIELDS = ['rfmBins', 'abcA', 'abcB'] as const;
export type ScalesDraft = Record<(typeof SCALE_FIELDS)[number], string>;

export const scalesDraft = (scales: ValueScales): ScalesDraft => ({
  rfmBins: String(scales.rfmBins),
  abcA: String(scales.abcA),
  abcB: String(scales.abcB),
});

/**
 * The body to send, or the fields left blank: the server checks the ranges and names each field it
 * refuses, so this only turns what was typed into numbers (a comma is read as a decimal point, as
 * Chinese and European keyboards type it).
 */
export function scalesBody(draft: ScalesDraft): { body: ValueScales } | { blank: string[] } {
  const blank = SCALE_FIELDS.filter((field) => draft[field].trim() === '');
  if (blank.length) return { blank };
  const read = (field: (typeof SCALE_FIELDS)[number]) => Number(draft[field].trim().replace(',', '.'));
  return { body: { rfmBins: read('rfmBins'), abcA: read('abcA'), abcB: read('abcB') } };
}

/** The share of revenue left to class C, for the hint beside the B field; null while a field is not a number. */
export function shareOfC(draft: ScalesDraft): number | null {
  const result = scalesBody(draft);
  if ('blank' in result) return null;
  const { abcA, abcB } = result.body;
  return Number.isFinite(abcA) && Number.isFinite(abcB) ? Math.max(0, 1 - abcA - abcB) : null;
}
