import { type CustomerSearch, parseCustomerSearch } from './customer-search';

/** A named customer list: its filters and sort, as the address bar has them. */
export interface SavedView {
  name: string;
  search: CustomerSearch;
}

/** Views as the account keeps them: each search with its set filters only. */
export function storedViews(views: SavedView[]) {
  return views.map(({ name, search }) => ({
    name,
    search: Object.fromEntries(Object.entries(search).filter(([, value]) => value !== undefined)),
  }));
}

/**
 * Where earlier versions kept views, per user in one browser (now they are kept with the account); the
 * key names the user so that accounts sharing the browser do not mix.
 */
export const viewsKey = (userId: string) => `clm.customerViews.${userId}`;

/** Views as this browser kept them (JSON), read like stored ones: see `readViews`. */
export function parseViews(raw: string | null): SavedView[] {
  try {
    return readViews(JSON.parse(raw ?? '[]'));
  } catch {
    return [];
  }
}

/**
 * Stored views, read defensively: what another version wrote (or a person edited) yields only
 * well-formed views, each with filters the API accepts.
 */
export function readViews(value: unknown): SavedView[] {
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

/**
 * The views this browser kept before views went with the account, to move there once: only while the
 * account has none, so that a second browser's old views never replace what the account holds.
 */
export function viewsToMove(
  accountViews: SavedView[] | undefined,
  browserRaw: string | null,
): SavedView[] | null {
  if (accountViews !== undefined) return null;
  const local = parseViews(browserRaw);
  return local.length ? local : null;
}
