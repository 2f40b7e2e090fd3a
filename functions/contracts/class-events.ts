/**
 * Events this service consumes from the platform's class-management service (source
 * `learning-platform.classes`, on this service's bus): they keep the local `classes` name cache.
 */

import { plainText } from './common';
import * as z from './zod';

export const CLASS_EVENT_SOURCE = 'learning-platform.classes';
export const CLASS_EVENT_TYPES = ['Class Created', 'Class Updated', 'Class Deleted'] as const;
/** What the class-name cache takes (its rule selects the same). */
export const CLASS_CHANGES = {
  source: CLASS_EVENT_SOURCE,
  detailTypes: CLASS_EVENT_TYPES,
} as const;

export const ClassChangedDetail = z.looseObject({
  class_id: z.number().check(z.int(), z.positive()),
  name: plainText(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
  /** When the platform made the change; older changes never overwrite newer ones. */
  updated_at: z.iso.datetime({ offset: true }),
});
export type ClassChangedDetail = z.infer<typeof ClassChangedDetail>;
