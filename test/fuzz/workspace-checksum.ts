import { sql } from 'kysely';
import { inWorkspace } from '../../src/db/tenant.js';
import type { TestApi } from '../support.js';

/**
 * One hash of every row a workspace owns (each table keyed by `workspace_id`, the workspace row, and
 * its members' accounts and tokens): equal hashes before and after a run mean nothing of it changed.
 */
export async function workspaceChecksum(api: TestApi, workspaceId: string): Promise<Record<string, string>> {
  return inWorkspace(api.database.db, workspaceId, async (tx) => {
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.columns
      where column_name = 'workspace_id' and table_schema = 'public'
      order by table_name`.execute(tx);
    const sums: Record<string, string> = {};
    for (const { table_name: table } of tables.rows) {
      const result = await sql<{ sum: string | null }>`
        select md5(string_agg(t::text, '|' order by t::text)) as sum
        from ${sql.table(table)} t where workspace_id = ${workspaceId}`.execute(tx);
      sums[table] = result.rows[0]?.sum ?? 'empty';
    }
    const others = await sql<{ name: string; sum: string | null }>`
      select 'workspaces' as name, md5(string_agg(w::text, '|')) as sum from workspaces w where id = ${workspaceId}
      union all
      select 'users', md5(string_agg(u::text, '|' order by u.id)) from users u
        where id in (select user_id from memberships where workspace_id = ${workspaceId})
      union all
      select 'auth_tokens', md5(string_agg(a::text, '|' order by a.id)) from auth_tokens a
        where user_id in (select user_id from memberships where workspace_id = ${workspaceId})`.execute(tx);
    for (const row of others.rows) sums[row.name] = row.sum ?? 'empty';
    return sums;
  });
}
