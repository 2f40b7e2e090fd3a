/**
 * The one table of HTTP routes. `infra/` builds one Lambda per entry from it, `local/gateway`
 * serves it, handlers take their schemas and auth from it, and `GET /openapi.json` documents
 * it, so none of them can drift apart.
 */

import { ErasureAnswer, ExportPageAnswer } from './contracts/account-answers';
import { CLASS_EVENT_SOURCE, CLASS_EVENT_TYPES } from './contracts/class-events';
import { IdParams } from './contracts/common';
import { EVENT_SOURCE, RECEIPT_ONLY_EVENTS } from './contracts/events';
import {
  DeletedGoalAnswer,
  GoalAnswer,
  GoalDetailAnswer,
  GoalListAnswer,
  GoalProgressAnswer,
} from './contracts/goal-answers';
import {
  CreateGoalBody,
  DeleteGoalQuery,
  GetGoalQuery,
  ListGoalsQuery,
  RecordProgressBody,
  UpdateGoalBody,
} from './contracts/goals';
import { ComparisonQuery, HeatmapQuery, OverviewQuery, TrendsQuery } from './contracts/performance';
import {
  ComparisonAnswer,
  HeatmapAnswer,
  OverviewAnswer,
  TrendsAnswer,
} from './contracts/performance-answers';
import { ListPointsQuery } from './contracts/points';
import { PreferencesAnswer } from './contracts/preference-answers';
import { PutPreferencesBody } from './contracts/preferences';
import { CsvText, HtmlPage, ReportAnswer, UnsubscribedAnswer } from './contracts/report-answers';
import {
  DailyReportQuery,
  MonthlyReportQuery,
  UnsubscribeQuery,
  WeeklyReportQuery,
} from './contracts/reports';
import { HealthAnswer, OpenApiDocument } from './contracts/service-answers';
import { SES_BOUNCE, SES_COMPLAINT, SES_EVENT_SOURCE } from './contracts/ses-feedback';
import {
  ActiveSessionAnswer,
  ActivityAnswer,
  AddedSessionAnswer,
  ClassListAnswer,
  DeletedSessionAnswer,
  EndedSessionAnswer,
  PointsAnswer,
  SessionAnswer,
  SessionDetailAnswer,
  SessionListAnswer,
} from './contracts/session-answers';
import {
  AddSessionBody,
  EndSessionBody,
  ListSessionsQuery,
  LogActivityBody,
  StartSessionBody,
  UpdateSessionBody,
} from './contracts/sessions';
import { EraseBody, ExportQuery } from './contracts/student-record';
import type { HttpRoute, Resource, RouteSpec } from './platform/route-spec';

export const API_PREFIX = '/api/analytics';

/**
 * One route's entry. Each is a named export as well as an entry of `routes`, so a handler imports
 * only its own (`import { startSessionRoute } from '../routes'`) and its bundle holds only its own
 * contract: these helpers are marked free of side effects, and nothing else here calls anything
 * at load, so esbuild drops every entry, schema and contract module a function does not use.
 * Keeps the entry's literal type, so a handler infers its body/query/params from its spec.
 */
const route = /* @__NO_SIDE_EFFECTS__ */ <const T extends RouteSpec>(spec: T): T => spec;
const defineRoutes = /* @__NO_SIDE_EFFECTS__ */ <const T extends Record<string, RouteSpec>>(
  table: T,
): T => table;

const p = /* @__NO_SIDE_EFFECTS__ */ (path: string) => `${API_PREFIX}${path}`;

export const startSessionRoute = route({
  method: 'POST',
  path: p('/sessions/start'),
  summary: 'Start a study session (honours Idempotency-Key)',
  auth: true,
  response: { 'application/json': SessionAnswer },
  uses: ['database'],
  request: { body: StartSessionBody },
  successStatus: 201,
});

export const addSessionRoute = route({
  method: 'POST',
  path: p('/sessions'),
  summary:
    'Record a session that already happened (start_time and end_time; typed in or uploaded ' +
    'offline with client_session_id), or without them start a timed session',
  auth: true,
  response: { 'application/json': AddedSessionAnswer },
  uses: ['database', 'bus'],
  request: { body: AddSessionBody },
  successStatus: 201,
});

export const endSessionRoute = route({
  method: 'PUT',
  path: p('/sessions/{id}/end'),
  summary: 'End a study session; returns duration and points',
  auth: true,
  response: { 'application/json': EndedSessionAnswer },
  uses: ['database', 'bus'],
  request: { body: EndSessionBody, params: IdParams },
});

export const pauseSessionRoute = route({
  method: 'POST',
  path: p('/sessions/{id}/pause'),
  summary: 'Pause an active session; paused time does not count',
  auth: true,
  response: { 'application/json': SessionAnswer },
  uses: ['database'],
  request: { params: IdParams },
});

export const resumeSessionRoute = route({
  method: 'POST',
  path: p('/sessions/{id}/resume'),
  summary: 'Resume a paused session',
  auth: true,
  response: { 'application/json': SessionAnswer },
  uses: ['database'],
  request: { params: IdParams },
});

export const logActivityRoute = route({
  method: 'POST',
  path: p('/sessions/{id}/activities'),
  summary: 'Log an activity inside an open session',
  auth: true,
  response: { 'application/json': ActivityAnswer },
  uses: ['database'],
  request: { body: LogActivityBody, params: IdParams },
  successStatus: 201,
});

export const listSessionsRoute = route({
  method: 'GET',
  path: p('/sessions'),
  summary: "List the caller's sessions, newest first, with totals and a cursor",
  auth: true,
  response: { 'application/json': SessionListAnswer },
  uses: ['database'],
  request: { query: ListSessionsQuery },
});

export const getActiveSessionRoute = route({
  method: 'GET',
  path: p('/sessions/active'),
  summary: "The caller's open session, or null",
  auth: true,
  response: { 'application/json': ActiveSessionAnswer },
  uses: ['database'],
});

export const getSessionRoute = route({
  method: 'GET',
  path: p('/sessions/{id}'),
  summary: 'One session with its activities and pauses',
  auth: true,
  response: { 'application/json': SessionDetailAnswer },
  uses: ['database'],
  request: { params: IdParams },
});

export const updateSessionRoute = route({
  method: 'PATCH',
  path: p('/sessions/{id}'),
  summary:
    'Correct an ended session (times, pauses, class, ratings, notes, activities) or confirm ' +
    'an auto-closed one; points, goals and analytics follow, and the change is kept in its history',
  auth: true,
  response: { 'application/json': SessionAnswer },
  uses: ['database', 'bus'],
  request: { params: IdParams, body: UpdateSessionBody },
});

export const deleteSessionRoute = route({
  method: 'DELETE',
  path: p('/sessions/{id}'),
  summary: 'Delete a session with its activities and pauses; its points are taken back',
  auth: true,
  response: { 'application/json': DeletedSessionAnswer },
  uses: ['database', 'bus'],
  request: { params: IdParams },
});

export const getPreferencesRoute = route({
  method: 'GET',
  path: p('/preferences'),
  summary: "The caller's time zone and week start",
  auth: true,
  response: { 'application/json': PreferencesAnswer },
  uses: ['database'],
});

export const putPreferencesRoute = route({
  method: 'PUT',
  path: p('/preferences'),
  summary: "Update the caller's time zone and week start",
  auth: true,
  response: { 'application/json': PreferencesAnswer },
  uses: ['database'],
  request: { body: PutPreferencesBody },
});

export const listClassesRoute = route({
  method: 'GET',
  path: p('/classes'),
  summary: 'The classes the caller has studied, with their names, most recent first',
  auth: true,
  response: { 'application/json': ClassListAnswer },
  uses: ['database'],
});

export const listPointsRoute = route({
  method: 'GET',
  path: p('/points'),
  summary: "The caller's point awards and total, newest first",
  auth: true,
  response: { 'application/json': PointsAnswer },
  uses: ['database'],
  request: { query: ListPointsQuery },
});

export const createGoalRoute = route({
  method: 'POST',
  path: p('/goals'),
  summary: 'Create a goal; progress is then tracked from sessions and activities',
  auth: true,
  response: { 'application/json': GoalAnswer },
  uses: ['database'],
  request: { body: CreateGoalBody },
  successStatus: 201,
});

export const listGoalsRoute = route({
  method: 'GET',
  path: p('/goals'),
  summary: "The caller's goals with progress, on-track state and projection",
  auth: true,
  response: { 'application/json': GoalListAnswer },
  uses: ['database'],
  request: { query: ListGoalsQuery },
});

export const getGoalRoute = route({
  method: 'GET',
  path: p('/goals/{id}'),
  summary:
    'One goal with its progress history and, if recurring, a page of its periods (newest first)',
  auth: true,
  response: { 'application/json': GoalDetailAnswer },
  uses: ['database'],
  request: { params: IdParams, query: GetGoalQuery },
});

export const updateGoalRoute = route({
  method: 'PUT',
  path: p('/goals/{id}'),
  summary: 'Change some of a goal’s fields',
  auth: true,
  response: { 'application/json': GoalAnswer },
  uses: ['database'],
  request: { params: IdParams, body: UpdateGoalBody },
});

export const recordGoalProgressRoute = route({
  method: 'POST',
  path: p('/goals/{id}/progress'),
  summary: 'Record manual progress on a custom goal (others progress automatically: 409)',
  auth: true,
  response: { 'application/json': GoalProgressAnswer },
  uses: ['database', 'bus'],
  request: { params: IdParams, body: RecordProgressBody },
});

export const deleteGoalRoute = route({
  method: 'DELETE',
  path: p('/goals/{id}'),
  summary: 'Abandon a goal (kept in history), or delete it with ?purge=true',
  auth: true,
  response: { 'application/json': DeletedGoalAnswer },
  uses: ['database'],
  request: { params: IdParams, query: DeleteGoalQuery },
});

export const performanceHeatmapRoute = route({
  method: 'GET',
  path: p('/performance/heatmap'),
  summary: 'Studied minutes for every day of a year, for a calendar heatmap',
  auth: true,
  response: { 'application/json': HeatmapAnswer },
  uses: ['database'],
  request: { query: HeatmapQuery },
});

export const performanceOverviewRoute = route({
  method: 'GET',
  path: p('/performance/overview'),
  summary: 'Study time, tests, flashcards, streak and focus for a period, with advice',
  auth: true,
  response: { 'application/json': OverviewAnswer },
  uses: ['database'],
  request: { query: OverviewQuery },
});

export const performanceTrendsRoute = route({
  method: 'GET',
  path: p('/performance/trends'),
  summary: 'One metric over the last periods, zero-filled, with its least-squares trend',
  auth: true,
  expensive: true,
  response: { 'application/json': TrendsAnswer },
  uses: ['database'],
  request: { query: TrendsQuery },
});

export const performanceComparisonRoute = route({
  method: 'GET',
  path: p('/performance/comparison'),
  summary: 'Compare by class, with the previous period, or with peers (percentile)',
  auth: true,
  expensive: true,
  response: { 'application/json': ComparisonAnswer },
  uses: ['database'],
  request: { query: ComparisonQuery },
});

export const reportDailyRoute = route({
  method: 'GET',
  path: p('/reports/daily'),
  summary: 'A day’s report (?date=YYYY-MM-DD, ?format=csv|html)',
  auth: true,
  expensive: true,
  response: { 'application/json': ReportAnswer, 'text/csv': CsvText, 'text/html': HtmlPage },
  uses: ['database', 'email-links'],
  request: { query: DailyReportQuery },
});

export const reportWeeklyRoute = route({
  method: 'GET',
  path: p('/reports/weekly'),
  summary: 'A week’s report (?week=YYYY-Www, ?format=csv|html)',
  auth: true,
  expensive: true,
  response: { 'application/json': ReportAnswer, 'text/csv': CsvText, 'text/html': HtmlPage },
  uses: ['database', 'email-links'],
  request: { query: WeeklyReportQuery },
});

export const reportMonthlyRoute = route({
  method: 'GET',
  path: p('/reports/monthly'),
  summary: 'A month’s report (?month=YYYY-MM, ?format=csv)',
  auth: true,
  expensive: true,
  response: { 'application/json': ReportAnswer, 'text/csv': CsvText },
  uses: ['database'],
  request: { query: MonthlyReportQuery },
});

export const exportMyDataRoute = route({
  method: 'GET',
  path: p('/me/export'),
  summary:
    'Everything stored about the caller, as JSON pages (?cursor=…), or the sessions and activities as CSV (?format=csv)',
  auth: true,
  expensive: true,
  response: { 'application/json': ExportPageAnswer, 'text/csv': CsvText },
  uses: ['database'],
  request: { query: ExportQuery },
});

export const eraseMyDataRoute = route({
  method: 'DELETE',
  path: p('/me'),
  summary:
    'Erase everything stored about the caller (body {"confirm":"DELETE"}); other services are told by an event',
  auth: true,
  response: { 'application/json': ErasureAnswer },
  uses: ['database', 'bus'],
  request: { body: EraseBody },
  successStatus: 202,
});

export const unsubscribeRoute = route({
  method: 'GET',
  path: p('/unsubscribe'),
  summary: 'The page an email’s unsubscribe link opens (?token=…): asks, changes nothing',
  auth: false,
  response: { 'text/html': HtmlPage },
  uses: ['signing-secret'],
  request: { query: UnsubscribeQuery },
});

export const unsubscribeOneClickRoute = route({
  method: 'POST',
  path: p('/unsubscribe'),
  summary: 'Unsubscribe (?token=…): the page’s button, or RFC 8058 one-click from mail clients',
  auth: false,
  response: { 'application/json': UnsubscribedAnswer, 'text/html': HtmlPage },
  uses: ['database', 'signing-secret'],
  request: { query: UnsubscribeQuery },
});

export const healthRoute = route({
  method: 'GET',
  path: p('/health'),
  summary: 'Liveness check (does not wake the database)',
  auth: false,
  response: { 'application/json': HealthAnswer },
  uses: [],
});

export const openapiRoute = route({
  method: 'GET',
  path: p('/openapi.json'),
  summary: 'This API as an OpenAPI 3.1 document',
  auth: false,
  response: { 'application/json': OpenApiDocument },
  uses: [],
});

/** The table: route name (its function and handler module) → its entry. */
export const routes = defineRoutes({
  'start-session': startSessionRoute,
  'add-session': addSessionRoute,
  'end-session': endSessionRoute,
  'pause-session': pauseSessionRoute,
  'resume-session': resumeSessionRoute,
  'log-activity': logActivityRoute,
  'list-sessions': listSessionsRoute,
  'get-active-session': getActiveSessionRoute,
  'get-session': getSessionRoute,
  'update-session': updateSessionRoute,
  'delete-session': deleteSessionRoute,
  'get-preferences': getPreferencesRoute,
  'put-preferences': putPreferencesRoute,
  'list-classes': listClassesRoute,
  'list-points': listPointsRoute,
  'create-goal': createGoalRoute,
  'list-goals': listGoalsRoute,
  'get-goal': getGoalRoute,
  'update-goal': updateGoalRoute,
  'record-goal-progress': recordGoalProgressRoute,
  'delete-goal': deleteGoalRoute,
  'performance-heatmap': performanceHeatmapRoute,
  'performance-overview': performanceOverviewRoute,
  'performance-trends': performanceTrendsRoute,
  'performance-comparison': performanceComparisonRoute,
  'report-daily': reportDailyRoute,
  'report-weekly': reportWeeklyRoute,
  'report-monthly': reportMonthlyRoute,
  'export-my-data': exportMyDataRoute,
  'erase-my-data': eraseMyDataRoute,
  unsubscribe: unsubscribeRoute,
  'unsubscribe-one-click': unsubscribeOneClickRoute,
  health: healthRoute,
  openapi: openapiRoute,
});

/** Lambda timeout of every route's function; API Gateway answers 500 when it runs out. */
export const HTTP_TIMEOUT_SECONDS = 10;

export const httpRoutes: readonly HttpRoute[] = /* @__PURE__ */ Object.entries(routes).map(
  ([name, spec]) => ({
    name,
    ...spec,
  }),
);

/** Module path of a route's handler, relative to the repository root. */
export const handlerEntry = (r: HttpRoute): string => `functions/http/${r.name}.ts`;

/** An EventBridge rule on the service's bus whose target is `functions/events/<target>.ts`. */
export interface EventRuleSpec {
  readonly name: string;
  readonly description: string;
  readonly eventPattern: Readonly<Record<string, unknown>>;
  /** `functions/events/<target>.ts`, or with `targetIsSchedule` the function of that schedule. */
  readonly target: string;
  readonly targetIsSchedule?: boolean;
  /** On the account's default bus, where AWS services (SES) put their events; else the service's. */
  readonly onDefaultBus?: boolean;
  readonly uses: readonly Resource[];
  /**
   * EventBridge's attempts to *deliver* the event after the first, and for how long, before the
   * rule's dead-letter queue gets it. Delivery ends when Lambda accepts the event; the function
   * failing afterwards is Lambda's to retry (`asyncInvocation`).
   */
  readonly retryAttempts: number;
  readonly maxEventAgeSeconds: number;
  /** The function's Lambda timeout (a schedule's function keeps its schedule's timeout). */
  readonly timeoutSeconds?: number;
}

/**
 * How Lambda treats every asynchronous invocation of our functions (event-rule targets and
 * schedules): a function error, a timeout included, is retried this many times, and an event is
 * kept this long; then its invocation record goes to the function's on-failure queue.
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html
 */
export const asyncInvocation = {
  maximumRetryAttempts: 2,
  maximumEventAgeSeconds: 6 * 3600,
} as const;

/** Lambda timeout of an event target: its rule's, or 30 s. */
export const eventTargetTimeoutSeconds = (r: EventRuleSpec): number => r.timeoutSeconds ?? 30;

export const eventRules: readonly EventRuleSpec[] = [
  {
    name: 'send-reports-when-due',
    description: 'Start sending report emails as soon as the builder records them',
    eventPattern: { source: [EVENT_SOURCE], 'detail-type': ['Report Deliveries Due'] },
    // The sender's own function, which never runs twice at once, so the SES rate holds.
    target: 'report-sender',
    targetIsSchedule: true,
    uses: ['database-batch', 'email', 'email-links', 'signing-secret'],
    retryAttempts: 2,
    maxEventAgeSeconds: 3600,
  },
  {
    name: 'award-points-on-session-ended',
    description: 'Award gamification points once per ended study session',
    eventPattern: { source: [EVENT_SOURCE], 'detail-type': ['Study Session Ended'] },
    target: 'award-points',
    uses: ['database', 'bus'],
    retryAttempts: 8,
    maxEventAgeSeconds: 6 * 3600,
  },
  {
    name: 'evaluate-goals-on-session-ended',
    description: 'Record goal milestones reached by an ended or corrected study session',
    eventPattern: {
      source: [EVENT_SOURCE],
      'detail-type': ['Study Session Ended', 'Study Session Changed'],
    },
    target: 'evaluate-goals',
    uses: ['database', 'bus'],
    retryAttempts: 8,
    maxEventAgeSeconds: 6 * 3600,
  },
  {
    name: 'adjust-points-on-session-changed',
    description: 'Adjust the points of a corrected or deleted study session by ledger entries',
    eventPattern: { source: [EVENT_SOURCE], 'detail-type': ['Study Session Changed'] },
    target: 'adjust-points',
    uses: ['database', 'bus'],
    retryAttempts: 8,
    maxEventAgeSeconds: 6 * 3600,
  },
  {
    name: 'mark-events-published',
    description: 'Record the publication of outbox events that no other target of ours consumes',
    eventPattern: { source: [EVENT_SOURCE], 'detail-type': [...RECEIPT_ONLY_EVENTS.detailTypes] },
    target: 'mark-published',
    uses: ['database'],
    retryAttempts: 8,
    maxEventAgeSeconds: 6 * 3600,
  },
  {
    name: 'sync-class-names',
    description: 'Keep class names from the platform’s class-management events',
    eventPattern: { source: [CLASS_EVENT_SOURCE], 'detail-type': CLASS_EVENT_TYPES },
    target: 'sync-class',
    uses: ['database'],
    retryAttempts: 8,
    maxEventAgeSeconds: 24 * 3600,
  },
  {
    name: 'record-email-feedback',
    description: 'Stop emailing addresses that hard-bounce or complain',
    // SES publishes its events on the default bus only.
    onDefaultBus: true,
    eventPattern: { source: [SES_EVENT_SOURCE], 'detail-type': [SES_BOUNCE, SES_COMPLAINT] },
    target: 'record-email-feedback',
    uses: ['database', 'email-events'],
    retryAttempts: 8,
    maxEventAgeSeconds: 24 * 3600,
  },
];

/** An EventBridge Scheduler schedule running `functions/schedule/<name>.ts`. */
export interface ScheduleSpec {
  readonly name: string;
  readonly description: string;
  /**
   * `rate(…)` or `cron(…)` in EventBridge Scheduler syntax, evaluated in UTC. Absent: the function
   * runs only when an event rule or its wake-up queue starts it.
   */
  readonly expression?: string;
  readonly uses: readonly Resource[];
  readonly timeoutSeconds: number;
  /** At most this many runs at once (reserved concurrency); unlimited when absent. */
  readonly maxConcurrency?: number;
}

/**
 * Every hourly job runs at minute 0, so an idle stage wakes its database once an hour (Aurora
 * pauses after 5 idle minutes) instead of once per job; nothing polls more often. Work that is
 * due sooner asks for it: a failed publication or email wakes its job through a delayed message
 * on the job's wake-up queue (`wakeUpQueues`).
 */
export const HOURLY = 'cron(0 * * * ? *)';

export const schedules: readonly ScheduleSpec[] = [
  {
    name: 'outbox-relay',
    description: 'Publish outbox events that nobody received (their writer stopped, or it failed)',
    expression: HOURLY,
    uses: ['database-batch', 'bus'],
    timeoutSeconds: 60,
  },
  {
    name: 'session-closer',
    description:
      'End sessions left open longer than SESSION_MAX_HOURS at their last activity plus a grace',
    expression: HOURLY,
    uses: ['database-batch', 'bus'],
    timeoutSeconds: 60,
  },
  {
    name: 'goal-expiry',
    description: 'Expire active goals once their target date has ended in the owner’s time zone',
    expression: HOURLY,
    uses: ['database-batch'],
    timeoutSeconds: 60,
  },
  {
    name: 'report-builder',
    description:
      'Roll up the periods that closed in each student’s time zone and record the report emails due',
    expression: HOURLY,
    uses: ['database-batch', 'bus', 'report-sender-queue'],
    timeoutSeconds: 300,
  },
  {
    name: 'report-sender',
    description: 'Send recorded report emails through SES at the configured rate, with retries',
    // Started by the builder's `Report Deliveries Due` and by its own wake-up queue.
    uses: ['database-batch', 'email', 'email-links', 'signing-secret', 'report-sender-queue'],
    // Under a minute, and one at a time: runs never overlap, so sends stay within the rate.
    timeoutSeconds: 55,
    maxConcurrency: 1,
  },
  {
    name: 'housekeeping',
    description: 'Delete idempotency keys older than a day and events sent over a week ago',
    // With the hourly jobs, so it adds no wake-up of its own.
    expression: 'cron(0 3 * * ? *)',
    uses: ['database-batch'],
    timeoutSeconds: 60,
  },
];

/**
 * An SQS queue whose messages start a job (a Lambda event source): how a job asks to run again
 * after a delay of at most 15 minutes, instead of a schedule polling the database. Functions
 * granted `grantedBy` may send to it; `envName` carries its URL.
 */
export interface WakeUpQueueSpec {
  readonly name: string;
  /** The schedule (`schedules`) whose function the messages start. */
  readonly target: string;
  readonly grantedBy: Resource;
  readonly envName: string;
}

export const wakeUpQueues: readonly WakeUpQueueSpec[] = [
  {
    name: 'outbox-retry',
    target: 'outbox-relay',
    grantedBy: 'bus',
    envName: 'OUTBOX_RETRY_QUEUE_URL',
  },
  {
    name: 'report-sender-wake-ups',
    target: 'report-sender',
    grantedBy: 'report-sender-queue',
    envName: 'REPORT_SENDER_QUEUE_URL',
  },
];

export const eventTargetEntry = (r: EventRuleSpec): string =>
  r.targetIsSchedule ? `functions/schedule/${r.target}.ts` : `functions/events/${r.target}.ts`;
export const scheduleEntry = (s: ScheduleSpec): string => `functions/schedule/${s.name}.ts`;
