import type { Answer } from '../api/types';
/** One group of `GET /analytics/satisfaction`. */
export type SatisfactionGroup = Answer<'/analytics/satisfaction'>['groups'][number];

export interface SatisfactionRow {
  key: string;
  /** Null for answers of customers without a stage or class yet. */
  label: string | null;
  csat: number | null;
  csatResponses: number;
  nps: number | null;
  /** C = b / a overall, and per dimension in the order the desk asks them (then any other), to 2 decimals. */
  c: number | null;
  dimensions: { code: string; name: string; c: number }[];
}

const two = (value: number) => Math.round(value * 100) / 100;

/**
 * The groups as a table reads them: in `order` (a model's stages, classes A to C), then any key the
 * order does not know in the report's order, answers without a group last; CSAT to one decimal, NPS
 * whole, C to two. `dimensionNames` lists the desk's dimensions with their names in the reader's language.
 */
export function satisfactionRows(
  groups: readonly SatisfactionGroup[],
  labelOf: (key: string) => string,
  order: readonly string[],
  dimensionNames: readonly { code: string; name: string }[],
): SatisfactionRow[] {
  const rank = (g: SatisfactionGroup) => {
    if (g.key === null) return Number.MAX_SAFE_INTEGER;
    const at = order.indexOf(g.key);
    return at < 0 ? order.length : at;
  };
  const dimensionRank = (code: string) => {
    const at = dimensionNames.findIndex((d) => d.code === code);
    return at < 0 ? dimensionNames.length : at;
  };
  return groups
    .map((g, i) => ({ g, i }))
    .sort((a, b) => rank(a.g) - rank(b.g) || a.i - b.i)
    .map(({ g }) => ({
      key: g.key ?? '',
      label: g.key === null ? null : labelOf(g.key),
      csat: g.csat.average === null ? null : Math.round(g.csat.average * 10) / 10,
      csatResponses: g.csat.responses,
      nps: g.nps.nps === null ? null : Math.round(g.nps.nps),
      c: g.satisfaction.overall === null ? null : two(g.satisfaction.overall),
      dimensions: Object.entries(g.satisfaction.byDimension)
        .sort(([a], [b]) => dimensionRank(a) - dimensionRank(b) || a.localeCompare(b))
        .map(([code, c]) => ({
          code,
          name: dimensionNames.find((d) => d.code === code)?.name ?? code,
          c: two(c),
        })),
    }));
}
