import type { Queryable } from '../platform/data-api';
import { typed } from '../platform/sql-values';

// Out-of-order delivery is expected: only a change newer than what is stored is applied.
const UPSERT_SQL = `
INSERT INTO classes AS c (id, name, updated_at, deleted)
VALUES (:class_id, :name, CAST(:updated_at AS timestamp) AT TIME ZONE 'UTC', :deleted)
ON CONFLICT (id) DO UPDATE
SET name = excluded.name, updated_at = excluded.updated_at, deleted = excluded.deleted
WHERE c.updated_at < excluded.updated_at`;

export async function recordClassChange(
  db: Queryable,
  change: { classId: number; name: string; updatedAt: Date; deleted: boolean },
): Promise<boolean> {
  const { updated } = await db.query(UPSERT_SQL, {
    class_id: change.classId,
    name: change.name,
    updated_at: typed.timestamp(change.updatedAt),
    deleted: change.deleted,
  });
  return updated > 0;
}
