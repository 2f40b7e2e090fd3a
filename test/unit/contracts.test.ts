import { describe, expect, it } from 'vitest';
import { PutPreferencesBody } from '../../functions/contracts/preferences';
import {
  ListSessionsQuery,
  LogActivityBody,
  StartSessionBody,
} from '../../functions/contracts/sessions';
import { isIanaTimeZone } from '../../functions/vocabulary';

const paths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.error?.issues.map((i) => i.path.join('.')) ?? [];

describe('request contracts', () => {
  it('fills defaults for a bare session start', () => {
    expect(StartSessionBody.parse({})).toEqual({ session_type: 'solo', focus_mode: false });
  });

  it('rejects an unknown session type and names the field', () => {
    expect(paths(StartSessionBody.safeParse({ session_type: 'party' }))).toEqual(['session_type']);
  });

  it('rejects more correct items than completed ones', () => {
    const result = LogActivityBody.safeParse({
      activity_type: 'testing',
      items_completed: 3,
      items_correct: 4,
    });
    expect(paths(result)).toEqual(['items_correct']);
  });

  it('coerces query strings and bounds the page size', () => {
    expect(ListSessionsQuery.parse({ limit: '20', class_id: '7' })).toMatchObject({
      limit: 20,
      class_id: 7,
    });
    expect(paths(ListSessionsQuery.safeParse({ limit: '101' }))).toEqual(['limit']);
    expect(paths(ListSessionsQuery.safeParse({ start_date: '2026-02-30' }))).toEqual([
      'start_date',
    ]);
    expect(
      paths(ListSessionsQuery.safeParse({ start_date: '2026-03-02', end_date: '2026-03-01' })),
    ).toEqual(['end_date']);
  });

  it('accepts IANA zones and refuses offsets and made-up names', () => {
    expect(isIanaTimeZone('Pacific/Auckland')).toBe(true);
    expect(isIanaTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(isIanaTimeZone('UTC')).toBe(true);
    expect(isIanaTimeZone('+02:00')).toBe(false);
    expect(isIanaTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(paths(PutPreferencesBody.safeParse({ timezone: 'Nowhere/Special' }))).toEqual([
      'timezone',
    ]);
  });
});
