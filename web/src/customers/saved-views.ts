import { type CustomerSearch, parseCustomerSearch } from './customer-search';

/** A named customer list: its filters and sort, as the address bar has them. */
export interface SavedView {
  name: string;
  search: CustomerSearch;
}

/** Views are kept per user in this browser; the key names the user so that accounts sharing it do not mix. */
export const viewsKey = (userId: string) => `clm.customerViews.${userId}`;

/**
 * The stored views, read defensively: storage another version wrote (or a person edited) yields only
 * well-formed views, each with filters the API accepts.
 */
export function parseViews(raw: string | null): SavedView[] {
  let value: unknown;
  try {
    value = JSON.parse(raw ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    if (typeof item !== 'object' || item === null) return [];
    const { name, search } = item as Record<string, unknown>;
    if (typeof name !== 'string' || name.trim() === '' || typeof search !== 'object' || search === null)
      return [];
    return [{ name: name.trim(), search: parseCustomerSearch(search as Record<string, unknown>) }];
  });
}

/** Adds a view, or replaces the one of the same name; views stay in name order. */
export function withView(views: SavedView[], name: string, search: CustomerSearch): SavedView[] {
  const trimmed = name.trim();
  return [...views.filter((v) => v.name !== trimmed), { name: trimmed, search }].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
}

export const withoutView = (views: SavedView[], name: string) => views.filter((v) => v.name !== name);

/** The saved view the current filters are, if any: the same filters and sort, in any order. */
export function matchingView(views: SavedView[], search: CustomerSearch): SavedView | undefined {
  const key = (s: CustomerSearch) => JSON.stringify(Object.entries(s).sort(([a], [b]) => a.localeCompare(b)));
  return views.find((v) => key(v.search) === key(search));
}
