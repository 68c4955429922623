/** One newest-first list a timeline reads from, as far as it has been loaded. */
export interface TimelineStream<T> {
  items: readonly T[];
  /** More (older) items wait on the server. */
  more: boolean;
}

/**
 * Newest-first streams (follow-ups, ticket changes) as one newest-first timeline, up to where all are
 * known: an item older than the last loaded one of a stream with more to load is held back, since that
 * stream's next page may hold items before it. Times are ISO instants, which sort as text.
 */
export function mergeTimelines<T>(streams: readonly TimelineStream<T>[], at: (item: T) => string): T[] {
  let cutoff = '';
  for (const stream of streams) {
    const last = stream.items.at(-1);
    if (stream.more && last !== undefined && at(last) > cutoff) cutoff = at(last);
  }
  return streams
    .flatMap((stream) => stream.items.filter((item) => at(item) >= cutoff))
    .sort((a, b) => (at(a) < at(b) ? 1 : at(a) > at(b) ? -1 : 0));
}
