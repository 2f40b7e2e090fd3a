/**
 * A report as the API, the CSV export and the emails show it: figures from the database plus the
 * change on the previous period and a few highlights.
 */

import { learningActivities } from '../core/learning-activities';
import { type PeriodChange, periodChange } from '../core/periods';
import { streakOf } from '../core/streaks';
import type { Summary } from '../data/facts';
import type { ReportRow } from '../data/reports';
import type { PeriodKind } from '../vocabulary';
import { toGoal } from './goal-view';

const PERIOD_NOUN: Record<PeriodKind, string> = { daily: 'day', weekly: 'week', monthly: 'month' };

/** The summary figures a report shows (the internal rating count is left out). */
export const reportSummary = ({ rated_sessions: _, ...summary }: Summary) => summary;

const weekday = (date: string) =>
  new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  });

/** The report's change on the previous period: whole, once the period has closed. */
export const reportChange = (row: ReportRow): PeriodChange =>
  periodChange({
    current: row.summary,
    previous: row.previous,
    previousToDate: row.previous_to_date,
    closed: row.period_end < row.today,
  });

/** Sentences worth a glance, from the report's own figures. */
export function highlightsOf(row: ReportRow, kind: PeriodKind, change: PeriodChange): string[] {
  const lines: string[] = [];
  const noun = PERIOD_NOUN[kind];
  if (row.summary.minutes === 0) return [`No study recorded this ${noun}.`];
  if (kind !== 'daily') {
    const best = row.days.reduce((a, b) => (b.minutes > a.minutes ? b : a));
    lines.push(`Best day: ${weekday(best.date)}, ${best.minutes} minutes.`);
  }
  const longest = row.sessions.reduce<ReportRow['sessions'][number] | undefined>(
    (a, b) => (a === undefined || b.minutes_in_period > a.minutes_in_period ? b : a),
    undefined,
  );
  if (longest)
    lines.push(
      `Longest session: ${longest.minutes_in_period} minutes${longest.class_name ? ` of ${longest.class_name}` : ''}.`,
    );
  const topClass = row.classes.find((c) => c.class_id !== null);
  if (topClass) lines.push(`Most studied: ${topClass.class_name} (${topClass.minutes} minutes).`);
  const more = change.minutes_percentage;
  if (more !== null && more >= 10)
    lines.push(
      `${more}% more study than ${change.compared_to === 'to_date' ? 'the same days of ' : ''}the previous ${noun}.`,
    );
  if (row.summary.average_test_score !== null && row.summary.tests_taken > 0)
    lines.push(
      `Tests: ${row.summary.tests_taken} taken, ${row.summary.average_test_score}% on average.`,
    );
  if (row.summary.points > 0) lines.push(`${row.summary.points} points earned.`);
  return lines;
}

export function toReport(row: ReportRow, kind: PeriodKind) {
  const change = reportChange(row);
  return {
    kind,
    period: row.period,
    period_start: row.period_start,
    period_end: row.period_end,
    timezone: row.timezone,
    complete: row.period_end < row.today,
    summary: reportSummary(row.summary),
    previous: { period: row.previous_period, ...reportSummary(row.previous) },
    change,
    days: row.days.map(({ rated_sessions: _, ...day }) => day),
    classes: row.classes.map(({ rated_sessions: _, ...c }) => c),
    sessions: row.sessions,
    goals: row.goals.map((g) => {
      const goal = toGoal(g);
      return {
        goal_id: goal.goal_id,
        goal_name: goal.goal_name,
        goal_type: goal.goal_type,
        class_id: goal.class_id,
        target_value: goal.target_value,
        unit: goal.unit,
        current_value: goal.current_value,
        current_period: goal.current_period,
        percentage_complete: goal.percentage_complete,
        on_track: goal.on_track,
        reminder_enabled: goal.reminder_enabled,
        status: goal.status,
      };
    }),
    /** As of the period's end (or today, for the current period). */
    streak: streakOf(
      row.streak_days.map((date) => ({ date, minutes: Number.POSITIVE_INFINITY })),
      // ISO dates sort as text: the earlier of the two.
      [row.period_end, row.today].sort()[0] ?? row.today,
    ),
    learning_activities: learningActivities(row.activity_counts),
    highlights: highlightsOf(row, kind, change),
  };
}

export type Report = ReturnType<typeof toReport>;

const CSV_COLUMNS = [
  'minutes',
  'sessions',
  'focus_minutes',
  'points',
  'tests_taken',
  'average_test_score',
  'flashcards_reviewed',
  'flashcard_accuracy',
  'assignments_completed',
] as const;

/** One row per day and a total row; empty cells where there is no value (no tests, say). */
export function reportCsv(report: Report): string {
  const cell = (v: number | null) => (v === null ? '' : String(v));
  const lines = [
    ['date', ...CSV_COLUMNS].join(','),
    ...report.days.map((d) => [d.date, ...CSV_COLUMNS.map((k) => cell(d[k]))].join(',')),
    ['total', ...CSV_COLUMNS.map((k) => cell(report.summary[k]))].join(','),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

export const csvFilename = (report: Report) => `study-report-${report.period}.csv`;

/** The HTTP answer for a report in the requested format. */
export function reportAnswer(report: Report, format: 'json' | 'csv') {
  if (format === 'json') return { body: report };
  return {
    body: reportCsv(report),
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${csvFilename(report)}"`,
    },
  };
}
