/**
 * A fingerprint of everything stored about one user: one hash per table, read in a single
 * statement, so a request answered with a 4xx can be shown to have changed nothing.
 */
import type { OwnStack } from '../support/own-stack';

interface Column {
  table_name: string;
  column_name: string;
}

/** Which rows of a table belong to the user, by the columns the table has. */
function ownedRows(table: string, columns: Set<string>): string | undefined {
  if (columns.has('user_id')) return `user_id = :user`;
  if (columns.has('session_id')) {
    return `session_id IN (SELECT id FROM study_sessions WHERE user_id = :user)`;
  }
  if (columns.has('goal_id'))
    return `goal_id IN (SELECT id FROM study_goals WHERE user_id = :user)`;
  // Events waiting to be published carry the user's id in their detail.
  if (table === 'outbox') return `strpos(detail::text, :user) > 0`;
  return undefined;
}

/** Reads the schema once and returns a function fingerprinting one user's rows. */
export async function userStateReader(env: OwnStack) {
  const columns = await env.rows<Column>(`
    SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`);
  const tables = new Map<string, Set<string>>();
  for (const { table_name, column_name } of columns) {
    const set = tables.get(table_name) ?? new Set<string>();
    set.add(column_name);
    tables.set(table_name, set);
  }
  const parts = [...tables]
    .map(([table, cols]) => ({ table, where: ownedRows(table, cols) }))
    .filter((part): part is { table: string; where: string } => part.where !== undefined)
    .map(
      ({ table, where }) =>
        `'${table}', (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM ${table} t WHERE ${where})`,
    );
  const statement = `SELECT jsonb_build_object(${parts.join(', ')})::text AS state`;
  return async (user: string): Promise<Record<string, string>> => {
    // Fuzz user ids are made by the suite (letters, digits and dashes): safe as a literal.
    if (!/^[a-z0-9-]+$/.test(user)) throw new Error(`unexpected user id ${user}`);
    const out = await env.rows<{ state: string }>(statement.replaceAll(':user', `'${user}'`));
    return JSON.parse(out[0]?.state ?? '{}') as Record<string, string>;
  };
}
