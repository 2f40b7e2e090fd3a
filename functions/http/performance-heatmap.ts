import { heatmap } from '../data/performance';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { routes } from '../routes';

export const handler = httpHandler(routes['performance-heatmap'], async ({ userId, query }) => ({
  body: await heatmap(db, userId, query.year),
}));
