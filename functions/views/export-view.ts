/**
 * The export as the student downloads it (docs/export.md): JSON pages of every record, and the
 * sessions with their activities as CSV.
 */
import { csvLines } from '../core/csv';
import type { SessionLine } from '../data/student-record';

/** Changes to a record's fields that could break a reader of older exports bump this. */
export const EXPORT_VERSION = 1;

const SESSION_COLUMNS = [
  'session_id',
  'class_id',
  'session_type',
  'focus_mode',
  'location',
  'status',
  'start_time',
  'end_time',
  'duration_minutes',
  'mood_rating',
  'productivity_rating',
  'notes',
  'auto_closed',
] as const;

/** Activity fields, and the CSV column each goes to where the names would clash. */
const ACTIVITY_COLUMNS = [
  ['activity_id', 'activity_id'],
  ['activity_type', 'activity_type'],
  ['content_type', 'content_type'],
  ['content_id', 'content_id'],
  ['items_completed', 'items_completed'],
  ['items_correct', 'items_correct'],
  ['accuracy_percentage', 'accuracy_percentage'],
  ['duration_minutes', 'activity_duration_minutes'],
  ['points_earned', 'points_earned'],
  ['metadata', 'metadata'],
  ['created_at', 'logged_at'],
] as const;

export const SESSIONS_CSV_HEADER = [
  'record_type',
  ...SESSION_COLUMNS,
  ...ACTIVITY_COLUMNS.map(([, column]) => column),
];

function lineCells(line: SessionLine): unknown[] {
  if (line.session) {
    return [
      'session',
      ...SESSION_COLUMNS.map((c) => line.session[c]),
      ...ACTIVITY_COLUMNS.map(() => null),
    ];
  }
  return [
    'activity',
    line.activity.session_id,
    ...SESSION_COLUMNS.slice(1).map(() => null),
    ...ACTIVITY_COLUMNS.map(([field]) => line.activity[field]),
  ];
}

/** A page of the CSV: the header, then a line per session and per activity. */
export const sessionsCsv = (lines: readonly SessionLine[]): string =>
  csvLines([SESSIONS_CSV_HEADER, ...lines.map(lineCells)]);
