/** Shapes of the API's answers, as the dashboard reads them (see GET /openapi.json). */

export type SessionStatus = 'active' | 'paused' | 'completed';
export type SessionType = 'solo' | 'group' | 'tutoring';
export const SESSION_TYPES: readonly SessionType[] = ['solo', 'group', 'tutoring'];
export const ACTIVITY_TYPES = [
  'reading',
  'testing',
  'flashcards',
  'notes',
  'video',
  'chat',
  'assignment',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export interface Activity {
  activity_id: number;
  activity_type: ActivityType;
  content_type: string | null;
  content_id: string | null;
  items_completed: number | null;
  items_correct: number | null;
  accuracy_percentage: number | null;
  duration_minutes: number | null;
  points_earned: number;
  created_at: string;
}

export interface Pause {
  paused_at: string;
  resumed_at: string | null;
}

export interface Session {
  session_id: number;
  status: SessionStatus;
  class_id: number | null;
  session_type: SessionType;
  focus_mode: boolean;
  location: string | null;
  start_time: string;
  end_time: string | null;
  duration_minutes: number;
  duration_seconds: number;
  mood_rating: number | null;
  productivity_rating: number | null;
  notes: string | null;
  auto_closed: boolean;
  activities?: Activity[];
  pauses?: Pause[];
  points_earned?: number;
}

export interface SessionList {
  sessions: Session[];
  total_count: number;
  total_minutes: number;
  avg_duration: number;
  next_cursor: string | null;
}

export interface PointsAward {
  points: number;
  reason: string;
  reference_type: string;
  reference_id: string;
  award_day: string;
  awarded_at: string;
}

export interface Points {
  total_points: number;
  award_count: number;
  awards: PointsAward[];
}

export interface Preferences {
  timezone: string;
  week_start: 'monday' | 'sunday';
  day_starts_at_hour: number;
  // Emailed reports (present once the API has them).
  email?: string | null;
  daily_report?: boolean;
  weekly_report?: boolean;
  report_hour?: number;
  skip_empty?: boolean;
  /** Minutes of study aimed for each week; null until the student picks one. */
  weekly_target_minutes?: number | null;
}

/** A class the student has studied (GET /classes), most recent first. */
export interface StudentClass {
  class_id: number;
  class_name: string | null;
  sessions: number;
  last_studied_at: string;
}

export const GOAL_TYPES = [
  'study_time',
  'test_score',
  'flashcard_mastery',
  'assignment_completion',
  'streak',
  'custom',
] as const;
export type GoalType = (typeof GOAL_TYPES)[number];
export type GoalStatus = 'active' | 'completed' | 'abandoned' | 'expired';
export type Recurrence = 'daily' | 'weekly' | 'monthly';

export interface GoalPeriod {
  period_start: string;
  period_end: string;
  /** Clipped by the goal's own dates. */
  partial: boolean;
  value: number;
  outcome: 'met' | 'missed' | 'in_progress' | string;
}

export interface Goal {
  goal_id: number;
  class_id: number | null;
  goal_type: GoalType;
  goal_name: string;
  goal_description: string | null;
  target_value: number;
  unit: string | null;
  start_date: string;
  target_date: string;
  priority: 'low' | 'medium' | 'high';
  reminder_enabled: boolean;
  is_recurring: boolean;
  recurrence_pattern: Recurrence | null;
  status: GoalStatus;
  completed_at: string | null;
  current_value: number;
  current_period: { start: string; end: string };
  percentage_complete: number;
  days_remaining: number | null;
  on_track: boolean | null;
  projected_completion_date: string | null;
  milestones_reached: number[];
  /** Newest first, a page at a time. */
  periods?: GoalPeriod[];
  periods_next_cursor?: string | null;
  met_streak?: number;
}

export interface Heatmap {
  year: number;
  timezone: string;
  total_minutes: number;
  active_days: number;
  max_minutes: number;
  days: { date: string; minutes: number; sessions: number }[];
}

export type OverviewPeriod = 'daily' | 'weekly' | 'monthly' | 'all_time';

/** A closed period is compared with the whole previous one, an open one to date. */
export type ComparedTo = 'whole_period' | 'to_date';

/** What a change was measured against, with the previous figures it used. */
export interface PeriodChange {
  compared_to: ComparedTo;
  previous: { minutes: number; sessions: number; points: number };
  minutes_percentage: number | null;
  sessions_percentage: number | null;
  points_percentage: number | null;
}

export interface Overview {
  period: OverviewPeriod;
  period_start: string | null;
  period_end: string | null;
  timezone: string;
  study_time: {
    total_minutes: number | null;
    average_minutes_per_day: number | null;
    sessions: number | null;
    previous_total_minutes: number | null;
    previous_to_date_minutes: number | null;
    /** What change_percentage is measured against. */
    compared_to: ComparedTo | null;
    change_percentage: number | null;
  };
  test_performance: {
    tests_taken: number | null;
    average_score: number | null;
    trend: string | null;
  };
  flashcard_mastery: { cards_reviewed: number | null; accuracy: number | null };
  assignment_completion: { assignments_completed: number | null };
  streak: { current_days: number | null; longest_days: number | null };
  focus: {
    focus_minutes: number | null;
    focus_share: number | null;
    average_mood: number | null;
    average_productivity: number | null;
  };
  points: { total: number | null };
  strengths: string[];
  areas_for_improvement: string[];
  recommendations: string[];
}

export const TREND_METRICS = [
  'study_time',
  'test_average',
  'flashcard_accuracy',
  'sessions',
  'focus_minutes',
] as const;
export type TrendMetric = (typeof TREND_METRICS)[number];

export interface Trends {
  metric_type: TrendMetric;
  period: 'daily' | 'weekly' | 'monthly';
  data_points: {
    period_start: string;
    period_end: string;
    value: number | null;
    sample_size: number | null;
  }[];
  overall_trend: 'improving' | 'declining' | 'stable' | 'insufficient_data';
  trend_percentage: number | null;
}

export interface ClassComparison {
  classes: {
    class_id: number | null;
    class_name: string | null;
    minutes: number;
    sessions: number;
    average_test_score: number | null;
    rank: number;
  }[];
}

interface PeriodFigures {
  period_start: string;
  period_end: string;
  minutes: number;
  sessions: number;
  points: number;
  average_test_score: number | null;
}

export interface PeriodComparison {
  current: PeriodFigures;
  previous: PeriodFigures;
  change: PeriodChange;
}

export interface PeerComparison {
  period_start: string;
  period_end: string;
  minutes: number;
  cohort_size: number;
  minimum_cohort: number;
  percentile: number | null;
}

export type ReportKind = 'daily' | 'weekly' | 'monthly';

export interface ReportSummary {
  minutes: number;
  sessions: number;
  points: number;
  tests_taken: number;
  average_test_score: number | null;
  flashcards_reviewed: number;
  flashcard_accuracy: number | null;
  focus_minutes: number;
}

export interface Report {
  kind: ReportKind;
  period: string;
  period_start: string;
  period_end: string;
  timezone: string;
  summary: ReportSummary;
  previous: ReportSummary;
  change: PeriodChange;
  days: { date: string; minutes: number; sessions: number; points: number }[];
  classes: {
    class_id: number | null;
    class_name: string | null;
    minutes: number;
    sessions: number;
  }[];
  sessions: Session[];
  goals: {
    goal_id: number;
    goal_name: string;
    goal_type: GoalType;
    target_value: number;
    current_value: number;
    percentage_complete: number;
    on_track: boolean | null;
    status: GoalStatus;
  }[];
  highlights: string[];
}
