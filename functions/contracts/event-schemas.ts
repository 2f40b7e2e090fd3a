/** JSON Schema documents of the published events, for consumers that do not use zod. */

import { EVENT_SOURCE, publishedEvents } from './events';
import * as z from './zod';

export const eventSchemaFileName = (detailType: string) =>
  `${detailType.toLowerCase().replaceAll(' ', '-')}.v1.schema.json`;

export function eventJsonSchemas(): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(publishedEvents).map(([detailType, schema]) => [
      eventSchemaFileName(detailType),
      {
        title: `${detailType} (source ${EVENT_SOURCE}): the event's detail`,
        ...z.toJSONSchema(schema, { io: 'input' }),
      },
    ]),
  );
}
