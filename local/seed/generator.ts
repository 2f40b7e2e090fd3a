/**
 * Believable study histories: each student has habits (how often, how long, at what hour, which
 * classes, how well they do) that drift over the semester, so trends, streaks, comparisons and
 * reports have something to show. Deterministic: the same student id gives the same history.
 */
import {
  DAILY_POINTS_CAP,
  pointsForActivity,
  sessionAward,
  withinDailyCap,
} from '../../functions/core/points';

/** A small fast PRNG (mulberry32), seeded from a string. */
export function randomFor(seed: string): () => number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TIME_ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'Pacific/Honolulu',
  'Europe/London',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
  'UTC',
];

export interface Profile {
  timezone: string;
  weekStart: 'monday' | 'sunday';
  classes: number[];
  studyChance: number;
  weekendFactor: number;
  sessionMinutes: number;
  preferredHour: number;
  skill: number;
  /** Change of skill over the whole history, e.g. +0.1: ten points better at the end. */
  drift: number;
  focusChance: number;
}

export function profileFor(userId: string, classPool: readonly number[]): Profile {
  const rnd = randomFor(`profile:${userId}`);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rnd() * items.length)] as T;
  const classCount = 2 + Math.floor(rnd() * 4);
  const classes = [...classPool].sort(() => rnd() - 0.5).slice(0, classCount);
  return {
    timezone: pick(TIME_ZONES),
    weekStart: rnd() < 0.8 ? 'monday' : 'sunday',
    classes,
    studyChance: 0.35 + rnd() * 0.55,
    weekendFactor: 0.4 + rnd() * 0.7,
    sessionMinutes: 20 + Math.floor(rnd() * 70),
    preferredHour: 7 + Math.floor(rnd() * 15),
    skill: 0.55 + rnd() * 0.35,
    drift: -0.08 + rnd() * 0.2,
    focusChance: rnd() * 0.8,
  };
}

export interface SeedActivity {
  type: string;
  at: number;
  completed: number;
  correct: number;
  minutes: number | null;
  points: number;
}

export interface SeedSession {
  user_id: string;
  tz: string;
  /** Local wall-clock start, `YYYY-MM-DDTHH:MM`; the database places it in the zone. */
  local_start: string;
  minutes: number;
  pause_after: number | null;
  pause_minutes: number | null;
  class_id: number | null;
  session_type: string;
  focus: boolean;
  location: string | null;
  mood: number | null;
  productivity: number | null;
  activities: SeedActivity[];
  points: number;
  breakdown: unknown;
}

const DAY_MINUTES = 24 * 60;
/** Local wall-clock text of minutes since the epoch, read as if the zone were UTC. */
const wallClock = (minutes: number) => new Date(minutes * 60_000).toISOString().slice(0, 16);

const binomial = (rnd: () => number, n: number, p: number) => {
  let k = 0;
  for (let i = 0; i < n; i++) if (rnd() < p) k++;
  return k;
};
const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

/**
 * Sessions of the local days [firstDay, lastDay] (`YYYY-MM-DD`, inclusive). Points follow the
 * award rules (minimum length, activity points, daily cap) as the award function would.
 */
export function studentHistory(
  userId: string,
  profile: Profile,
  firstDay: string,
  lastDay: string,
): SeedSession[] {
  const rnd = randomFor(`history:${userId}:${firstDay}`);
  const first = Date.parse(`${firstDay}T00:00:00Z`) / 60_000;
  const last = Date.parse(`${lastDay}T00:00:00Z`) / 60_000;
  const totalDays = Math.max(1, (last - first) / DAY_MINUTES + 1);
  const sessions: SeedSession[] = [];
  let busyUntil = 0;
  for (let day = first; day <= last; day += DAY_MINUTES) {
    const progress = (day - first) / DAY_MINUTES / totalDays;
    const weekday = new Date(day * 60_000).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    // Busier in the last fifth, before exams.
    const chance =
      profile.studyChance * (weekend ? profile.weekendFactor : 1) * (progress > 0.8 ? 1.2 : 1);
    if (rnd() >= chance) continue;
    const count = 1 + (rnd() < 0.35 ? 1 : 0) + (rnd() < 0.1 ? 1 : 0);
    let earnedToday = 0;
    let next =
      day + (profile.preferredHour + Math.round((rnd() - 0.5) * 6)) * 60 + Math.floor(rnd() * 60);
    for (let i = 0; i < count; i++) {
      const start = Math.max(next, busyUntil + 10, day + 6 * 60);
      if (start > day + 23 * 60 + 30) break;
      const minutes = clamp(Math.round(profile.sessionMinutes * (0.4 + rnd() * 1.3)), 3, 200);
      const paused = rnd() < 0.12 && minutes > 20;
      const pauseMinutes = paused ? 5 + Math.floor(rnd() * 15) : null;
      const skill = clamp(
        profile.skill + profile.drift * progress + (rnd() - 0.5) * 0.1,
        0.2,
        0.99,
      );
      const activities: SeedActivity[] = [];
      const activityCount = 1 + Math.floor(rnd() * 3);
      for (let a = 0; a < activityCount; a++) {
        const roll = rnd();
        const at = Math.floor(rnd() * minutes);
        if (roll < 0.25) {
          const n = 10 + Math.floor(rnd() * 16);
          const correct = binomial(rnd, n, skill);
          activities.push({ type: 'testing', at, completed: n, correct, minutes: null, points: 0 });
        } else if (roll < 0.5) {
          const n = 20 + Math.floor(rnd() * 41);
          const correct = binomial(rnd, n, clamp(skill + 0.08, 0, 0.99));
          activities.push({
            type: 'flashcards',
            at,
            completed: n,
            correct,
            minutes: null,
            points: 0,
          });
        } else if (roll < 0.6) {
          activities.push({
            type: 'assignment',
            at,
            completed: 1,
            correct: 0,
            minutes: null,
            points: 0,
          });
        } else {
          const type =
            (['reading', 'notes', 'video', 'chat'] as const)[Math.floor(rnd() * 4)] ?? 'reading';
          activities.push({
            type,
            at,
            completed: 0,
            correct: 0,
            minutes: Math.max(1, Math.floor(minutes / 3)),
            points: 0,
          });
        }
      }
      let activityPoints = 0;
      for (const activity of activities) {
        activity.points = pointsForActivity({
          activity_type: activity.type as 'testing',
          items_completed: activity.completed,
          items_correct: activity.correct,
        });
        activityPoints += activity.points;
      }
      const award = sessionAward({ duration_minutes: minutes, activity_points: activityPoints });
      const points = withinDailyCap(award.points, earnedToday);
      earnedToday = Math.min(DAILY_POINTS_CAP, earnedToday + points);
      const rated = rnd() < 0.7;
      sessions.push({
        user_id: userId,
        tz: profile.timezone,
        local_start: wallClock(start),
        minutes,
        pause_after: paused ? Math.floor(minutes / 2) : null,
        pause_minutes: pauseMinutes,
        class_id:
          rnd() < 0.9
            ? (profile.classes[Math.floor(rnd() * profile.classes.length)] ?? null)
            : null,
        session_type: rnd() < 0.8 ? 'solo' : rnd() < 0.75 ? 'group' : 'tutoring',
        focus: rnd() < profile.focusChance,
        location:
          rnd() < 0.5
            ? (['library', 'home', 'cafe', 'campus'][Math.floor(rnd() * 4)] ?? null)
            : null,
        mood: rated ? clamp(Math.round(2 + skill * 3 + (rnd() - 0.5) * 2), 1, 5) : null,
        productivity: rated ? clamp(Math.round(1.5 + skill * 3.5 + (rnd() - 0.5) * 2), 1, 5) : null,
        activities,
        points,
        breakdown: { ...award.breakdown, capped: points < award.points, seeded: true },
      });
      busyUntil = start + minutes + (pauseMinutes ?? 0);
      next = busyUntil + 30 + Math.floor(rnd() * 180);
    }
  }
  return sessions;
}

export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
