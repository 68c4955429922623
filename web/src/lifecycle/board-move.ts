import type { Page } from '../api/types';

/** A column's cards as loaded so far, page by page ("show more" adds a page). */
export interface ColumnPages<T> {
  pages: Page<T>[];
  pageParams: unknown[];
}

/**
 * The two columns' cards with one card moved from the first to the top of the second, shown while the
 * server saves the move; either column may not be loaded (undefined), which then stays so.
 */
export function moveCard<T extends { id: string }>(
  from: ColumnPages<T> | undefined,
  to: ColumnPages<T> | undefined,
  id: string,
): { from: ColumnPages<T> | undefined; to: ColumnPages<T> | undefined } {
  const card = from?.pages.flatMap((p) => p.data).find((c) => c.id === id);
  const without = from && {
    ...from,
    pages: from.pages.map((p) => ({ ...p, data: p.data.filter((c) => c.id !== id) })),
  };
  const [first, ...rest] = to?.pages ?? [];
  const with_ =
    to && card && first
      ? { ...to, pages: [{ ...first, data: [card, ...first.data.filter((c) => c.id !== id)] }, ...rest] }
      : to;
  return { from: without, to: with_ };
}
