import { studentClasses } from '../data/student-classes';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { listClassesRoute } from '../routes';

export const handler = httpHandler(listClassesRoute, async ({ userId }) => ({
  body: { classes: await studentClasses(db, userId) },
}));
