/**
 * The API's answers as the dashboard reads them: the types generated from GET /openapi.json
 * (./api-types.ts, `npm run api:types`) under the names the pages use, and the few value lists
 * the pages offer as choices. Nothing here restates a shape.
 */
import type { components } from './api-types';

type Schemas = components['schemas'];
type Comparison = Schemas['Comparison'];

export type Session = Schemas['Session'] &
  Partial<Pick<Schemas['SessionDetail'], 'activities' | 'pauses' | 'activity_count'>> & {
    points_earned?: number;
  };
export type SessionStatus = Session['status'];
export type SessionType = Session['session_type'];
export type Activity = Schemas['Activity'];
export type ActivityType = Activity['activity_type'];
export type Pause = Schemas['Pause'];
export type SessionList = Schemas['SessionList'];
export type PointsAward = Schemas['PointsAward'];
export type Points = Schemas['Points'];
/** The dashboard starts from defaults (UTC, Monday, midnight) until the API's answer arrives. */
export type Preferences = Pick<
  Schemas['Preferences'],
  'timezone' | 'week_start' | 'day_starts_at_hour'
> &
  Partial<Schemas['Preferences']>;
export type StudentClass = Schemas['ClassList']['classes'][number];
export type Goal = Schemas['Goal'] & Partial<Schemas['GoalDetail']>;
export type GoalType = Goal['goal_type'];
export type GoalStatus = Goal['status'];
export type Recurrence = NonNullable<Goal['recurrence_pattern']>;
export type GoalPeriod = Schemas['GoalPeriod'];
export type Heatmap = Schemas['Heatmap'];
export type Overview = Schemas['Overview'];
export type OverviewPeriod = Overview['period'];
export type PeriodChange = Schemas['PeriodChange'];
export type ComparedTo = PeriodChange['compared_to'];
export type Trends = Schemas['Trends'];
export type TrendMetric = Trends['metric_type'];
export type ClassComparison = Extract<Comparison, { compare_by: 'class' }>;
export type PeriodComparison = Extract<Comparison, { compare_by: 'period' }>;
export type PeerComparison = Extract<Comparison, { compare_by: 'peers' }>;
export type Report = Schemas['Report'];
export type ReportKind = Report['kind'];
export type ReportSummary = Schemas['ReportSummary'];

// Choices the pages offer, typed against the generated unions so they cannot drift from them.
export const SESSION_TYPES = [
  'solo',
  'group',
  'tutoring',
] as const satisfies readonly SessionType[];
export const ACTIVITY_TYPES = [
  'reading',
  'testing',
  'flashcards',
  'notes',
  'video',
  'chat',
  'assignment',
] as const satisfies readonly ActivityType[];
export const GOAL_TYPES = [
  'study_time',
  'test_score',
  'flashcard_mastery',
  'assignment_completion',
  'streak',
  'custom',
] as const satisfies readonly GoalType[];
export const TREND_METRICS = [
  'study_time',
  'test_average',
  'flashcard_accuracy',
  'sessions',
  'focus_minutes',
] as const satisfies readonly TrendMetric[];
