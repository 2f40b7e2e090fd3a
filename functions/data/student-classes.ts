/** The classes a student has studied, named from the class cache, for pickers and labels. */
import { ClassListAnswer } from '../contracts/session-answers';
import type { Queryable } from '../platform/data-api';

const StudentClassRow = ClassListAnswer.shape.classes.def.element;

export interface StudentClass {
  class_id: number;
  /** Null while the class-management service has not named the class. */
  class_name: string | null;
  sessions: number;
  last_studied_at: string;
}

/** More than any student takes at once; keeps the answer far below the Data API's limits. */
export const MAX_CLASSES = 200;

const SQL = `
SELECT s.class_id, c.name AS class_name, CAST(count(*) AS integer) AS sessions,
       api_time(max(s.start_time)) AS last_studied_at
FROM study_sessions s
LEFT JOIN classes c ON c.id = s.class_id
WHERE s.user_id = :user_id AND s.class_id IS NOT NULL
GROUP BY s.class_id, c.name
ORDER BY max(s.start_time) DESC, s.class_id
LIMIT ${MAX_CLASSES}`;

export async function studentClasses(db: Queryable, userId: string): Promise<StudentClass[]> {
  const { rows } = await db.query(SQL, { user_id: userId }, StudentClassRow);
  return rows.map((r) => ({ ...r, class_id: Number(r.class_id) }));
}
