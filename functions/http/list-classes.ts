import { studentClasses } from '../data/student-classes';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { routes } from '../routes';

export const handler = httpHandler(routes['list-classes'], async ({ userId }) => ({
  body: { classes: await studentClasses(db, userId) },
}));
