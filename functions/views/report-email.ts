/**
 * Report emails, HTML and plain text, from the same report the API serves. The HTML sticks to
 * what mail clients render: tables, inline styles, no scripts, images or external CSS; the bar
 * chart is table cells of proportional width.
 */
import type { RenderedEmail } from '../core/email-text';
import { autoClosedNotice } from '../core/forgotten-sessions';
import type { Report } from './report-view';

export interface EmailLinks {
  dashboardUrl: string;
  unsubscribeUrl: string;
}

type Goal = Report['goals'][number];

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export const formatMinutes = (minutes: number) => {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
};

const longDate = (date: string) =>
  new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  });
const shortDay = (date: string) =>
  new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });

const periodTitle = (report: Report) =>
  report.kind === 'daily'
    ? longDate(report.period_start)
    : report.kind === 'weekly'
      ? `the week of ${longDate(report.period_start)}`
      : report.period;

const changeText = (change: Report['change'], noun: string) => {
  const pct = change.minutes_percentage;
  const previous = `the previous ${noun}${change.compared_to === 'to_date' ? ' to date' : ''}`;
  return pct === null
    ? `nothing to compare with ${previous}`
    : `${pct > 0 ? '+' : ''}${pct}% on ${previous}`;
};

/** A session's start as the student's clock showed it: "Tue 1 Dec, 09:00". */
const localStart = (iso: string, timeZone: string) =>
  new Date(iso).toLocaleString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  });

/** Sessions of the period that were left running and closed automatically, as notices. */
const autoClosedNotices = (report: Report) =>
  report.sessions
    .filter((s) => s.auto_closed)
    .map((s) => autoClosedNotice(s, localStart(s.start_time, report.timezone)));

/** Notes, reading and video, when the period had any. */
function activitiesText(report: Report): string | null {
  const a = report.learning_activities;
  const parts = [
    a.notes_taken > 0 ? `${a.notes_taken} note${a.notes_taken === 1 ? '' : 's'} taken` : '',
    a.reading_minutes > 0 ? `${a.reading_minutes} min reading` : '',
    a.video_minutes > 0 ? `${a.video_minutes} min video` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : null;
}

const NOUN = { daily: 'day', weekly: 'week', monthly: 'month' } as const;

/** The goals a reminder is about: reminders on, and behind schedule. */
export const goalsNeedingReminder = (report: Report): Goal[] =>
  report.goals.filter((g) => g.reminder_enabled && !g.on_track);

/** Bars for the chart: each day of the period; a daily report compares with the day before. */
function bars(report: Report): { label: string; minutes: number }[] {
  if (report.kind === 'daily') {
    return [
      { label: 'Day before', minutes: report.previous.minutes },
      { label: shortDay(report.period_start), minutes: report.summary.minutes },
    ];
  }
  return report.days.map((d) => ({ label: shortDay(d.date), minutes: d.minutes }));
}

function barChartHtml(report: Report): string {
  const rows = bars(report);
  const max = Math.max(1, ...rows.map((r) => r.minutes));
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse">${rows
    .map((r) => {
      const width = Math.max(r.minutes > 0 ? 2 : 0, Math.round((100 * r.minutes) / max));
      const bar =
        width > 0
          ? `<table role="presentation" width="${width}%" cellpadding="0" cellspacing="0"><tr><td style="background:#2563eb;height:14px;font-size:0;line-height:0">&nbsp;</td></tr></table>`
          : '';
      return `<tr><td style="padding:3px 8px 3px 0;width:90px;font-size:13px;color:#374151;white-space:nowrap">${escapeHtml(r.label)}</td><td style="padding:3px 0">${bar}</td><td style="padding:3px 0 3px 8px;width:70px;text-align:right;font-size:13px;color:#374151;white-space:nowrap">${formatMinutes(r.minutes)}</td></tr>`;
    })
    .join('')}</table>`;
}

function goalsHtml(goals: Goal[]): string {
  return goals
    .map((g) => {
      const pct = Math.round(g.percentage_complete);
      return `<p style="margin:10px 0 4px;font-size:14px;color:#111827">${escapeHtml(g.goal_name)} — ${g.current_value} of ${g.target_value}${g.unit ? ` ${escapeHtml(g.unit)}` : ''} (${pct}%)${g.on_track ? '' : ' <strong style="color:#b45309">behind schedule</strong>'}</p><table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td style="background:#e5e7eb"><table role="presentation" width="${Math.max(1, pct)}%" cellpadding="0" cellspacing="0"><tr><td style="background:${g.on_track ? '#16a34a' : '#d97706'};height:8px;font-size:0;line-height:0">&nbsp;</td></tr></table></td></tr></table>`;
    })
    .join('');
}

const goalLine = (g: Goal) =>
  `- ${g.goal_name}: ${g.current_value} of ${g.target_value}${g.unit ? ` ${g.unit}` : ''} (${Math.round(g.percentage_complete)}%)${g.on_track ? '' : ', behind schedule'}`;

function layout(title: string, body: string, links: EmailLinks): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head><body style="margin:0;padding:0;background:#f3f4f6"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6"><tr><td align="center" style="padding:24px 12px"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;font-family:Arial,Helvetica,sans-serif"><tr><td style="padding:24px">${body}<p style="margin:24px 0 0"><a href="${escapeHtml(links.dashboardUrl)}" style="display:inline-block;background:#2563eb;color:#ffffff;text-decoration:none;padding:10px 16px;border-radius:6px;font-size:14px">Open your dashboard</a></p></td></tr></table><p style="font-family:Arial,Helvetica,sans-serif;font-size:12px;color:#6b7280;margin:16px 0 0">You receive this because you asked for study reports. <a href="${escapeHtml(links.unsubscribeUrl)}" style="color:#6b7280">Unsubscribe</a></p></td></tr></table></body></html>`;
}

/** The daily or weekly report email; `reminders` adds a line for each goal behind schedule. */
export function renderReportEmail(
  report: Report,
  links: EmailLinks,
  reminders: Goal[] = [],
): RenderedEmail {
  const noun = NOUN[report.kind];
  const s = report.summary;
  const title = `Your study ${report.kind === 'daily' ? 'day' : 'week'}: ${periodTitle(report)}`;
  const subject = `${title} — ${formatMinutes(s.minutes)}`;
  const figures: [string, string][] = [
    ['Study time', `${formatMinutes(s.minutes)} (${changeText(report.change, noun)})`],
    ['Sessions', String(s.sessions)],
    ['Points', String(s.points)],
    ['Tests', s.tests_taken > 0 ? `${s.tests_taken}, ${s.average_test_score}% on average` : 'none'],
    [
      'Flashcards',
      s.flashcards_reviewed > 0
        ? `${s.flashcards_reviewed} reviewed, ${s.flashcard_accuracy}% right`
        : 'none',
    ],
    [
      'Streak',
      `${report.streak.current_days} day${report.streak.current_days === 1 ? '' : 's'} (longest ${report.streak.longest_days})`,
    ],
  ];
  const activities = activitiesText(report);
  if (activities) figures.push(['Activities', activities]);
  const notices = autoClosedNotices(report);
  const html = layout(
    title,
    `<h1 style="margin:0 0 4px;font-size:20px;color:#111827">${escapeHtml(title)}</h1><p style="margin:0 0 16px;font-size:13px;color:#6b7280">Times in ${escapeHtml(report.timezone)}</p>${notices
      .map(
        (n) =>
          `<p style="margin:0 0 12px;padding:8px 12px;background:#fef3c7;border-radius:6px;font-size:14px;color:#78350f">${escapeHtml(n)}</p>`,
      )
      .join(
        '',
      )}<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="font-size:14px;color:#111827">${figures
      .map(
        ([k, v]) =>
          `<tr><td style="padding:4px 12px 4px 0;color:#6b7280;white-space:nowrap">${k}</td><td style="padding:4px 0">${escapeHtml(v)}</td></tr>`,
      )
      .join(
        '',
      )}</table><h2 style="margin:20px 0 8px;font-size:16px;color:#111827">Minutes per day</h2>${barChartHtml(report)}${
      report.highlights.length
        ? `<h2 style="margin:20px 0 8px;font-size:16px;color:#111827">Highlights</h2><ul style="margin:0;padding-left:20px;font-size:14px;color:#111827">${report.highlights.map((h) => `<li>${escapeHtml(h)}</li>`).join('')}</ul>`
        : ''
    }${
      reminders.length
        ? `<h2 style="margin:20px 0 8px;font-size:16px;color:#b45309">Goals that need attention</h2>${goalsHtml(reminders)}`
        : ''
    }${
      report.goals.length
        ? `<h2 style="margin:20px 0 8px;font-size:16px;color:#111827">Goals</h2>${goalsHtml(report.goals)}`
        : ''
    }`,
    links,
  );
  const text = [
    title,
    `Times in ${report.timezone}`,
    '',
    ...(notices.length ? [...notices, ''] : []),
    ...figures.map(([k, v]) => `${k}: ${v}`),
    '',
    'Minutes per day:',
    ...bars(report).map((b) => `  ${b.label.padEnd(10)} ${formatMinutes(b.minutes)}`),
    ...(report.highlights.length
      ? ['', 'Highlights:', ...report.highlights.map((h) => `- ${h}`)]
      : []),
    ...(reminders.length ? ['', 'Goals that need attention:', ...reminders.map(goalLine)] : []),
    ...(report.goals.length ? ['', 'Goals:', ...report.goals.map(goalLine)] : []),
    '',
    `Dashboard: ${links.dashboardUrl}`,
    `Unsubscribe: ${links.unsubscribeUrl}`,
    '',
  ].join('\n');
  return { subject, html, text };
}

/** A short email for a student who takes no daily report but has goals behind schedule. */
export function renderReminderEmail(goals: Goal[], links: EmailLinks): RenderedEmail {
  const subject =
    goals.length === 1
      ? `Your goal “${goals[0]?.goal_name}” needs attention`
      : `${goals.length} of your goals need attention`;
  const html = layout(
    subject,
    `<h1 style="margin:0 0 12px;font-size:20px;color:#111827">${escapeHtml(subject)}</h1>${goalsHtml(goals)}`,
    links,
  );
  const text = [
    subject,
    '',
    ...goals.map(goalLine),
    '',
    `Dashboard: ${links.dashboardUrl}`,
    `Stop reminders: ${links.unsubscribeUrl}`,
    '',
  ].join('\n');
  return { subject, html, text };
}
