import { heatmap } from '../data/performance';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { performanceHeatmapRoute } from '../routes';

export const handler = httpHandler(performanceHeatmapRoute, async ({ userId, query }) => ({
  body: await heatmap(db, userId, query.year),
}));
