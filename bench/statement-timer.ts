import type { KyselyPlugin, QueryId, RootOperationNode, UnknownRow } from 'kysely';

/**
 * A Kysely plugin that times every statement from its compilation to its result, summed by the
 * statement's first words (raw `sql` statements) or its kind: where a refresh spends its time in the
 * database.
 */
export function statementTimer() {
  const started = new Map<QueryId, { at: number; node: RootOperationNode }>();
  const totals = new Map<string, { ms: number; count: number }>();
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      started.set(args.queryId, { at: performance.now(), node: args.node });
      return args.node;
    },
    async transformResult(args) {
      const start = started.get(args.queryId);
      started.delete(args.queryId);
      if (start) {
        const name = nameOf(start.node);
        const total = totals.get(name) ?? { ms: 0, count: 0 };
        total.ms += performance.now() - start.at;
        total.count++;
        totals.set(name, total);
      }
      return args.result as { rows: UnknownRow[] } as typeof args.result;
    },
  };
  return {
    plugin,
    /** The totals, largest first, and a fresh start. */
    report(): string {
      const lines = [...totals]
        .sort((a, b) => b[1].ms - a[1].ms)
        .slice(0, 12)
        .map(([name, t]) => `    ${(t.ms / 1000).toFixed(2).padStart(7)} s ×${t.count} ${name}`);
      totals.clear();
      return lines.join('\n');
    },
  };
}

function nameOf(node: RootOperationNode): string {
  if (node.kind === 'RawNode') {
    const text = node.sqlFragments.join('?').replace(/\s+/g, ' ').trim();
    return text.slice(0, 110);
  }
  return node.kind;
}
