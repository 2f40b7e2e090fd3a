/**
 * Logs carry no personal data: a student with distinctive id, email, goal name and notes uses
 * the API, gets errors (a failing database statement that quotes their row, a refused email,
 * a forged event), and everything this process logged meanwhile is searched for those strings.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logger } from '../../functions/platform/logger';
import { type OwnStack, startOwnStack } from '../support/own-stack';

const MARK = randomUUID().slice(0, 8);
const PERSONAL = {
  user: `pii-user-${MARK}`,
  email: `pii-mail-${MARK}@example.edu`,
  goal: `PII goal ${MARK}`,
  notes: `PII notes ${MARK}`,
  location: `PII library ${MARK}`,
};

let env: OwnStack;
let captured = '';
const restore: (() => void)[] = [];

beforeAll(async () => {
  env = await startOwnStack();
  logger.setLogLevel('DEBUG');
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: never[]) => {
      captured += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString();
      return write(chunk as string, ...rest);
    }) as typeof stream.write;
    restore.push(() => {
      stream.write = write;
    });
  }
});

afterAll(async () => {
  for (const undo of restore) undo();
  logger.setLogLevel('ERROR');
  await env?.close();
});

describe('logs', () => {
  it('name no student, address, goal or note, even when requests fail', async () => {
    const { user } = PERSONAL;
    expect(
      (
        await env.call(user, 'PUT', '/preferences', {
          email: PERSONAL.email,
          timezone: 'UTC',
          daily_report: true,
        })
      ).status,
    ).toBe(200);
    const goal = await env.call(user, 'POST', '/goals', {
      goal_type: 'study_time',
      goal_name: PERSONAL.goal,
      target_value: 30,
      target_date: '2030-12-31',
      reminder_enabled: true,
    });
    expect(goal.status).toBe(201);
    const started = await env.call(user, 'POST', '/sessions/start', {
      location: PERSONAL.location,
    });
    expect(started.status).toBe(201);
    const id = started.body.session_id;
    await env.call(user, 'POST', `/sessions/${id}/activities`, {
      activity_type: 'notes',
      content_id: PERSONAL.notes,
      metadata: { note: PERSONAL.notes },
    });
    expect(
      (await env.call(user, 'PUT', `/sessions/${id}/end`, { notes: PERSONAL.notes })).status,
    ).toBe(200);
    await env.stack.bus.idle();

    // A statement that fails quoting the student's row, as a constraint or trigger error does.
    await env.sql(`
      CREATE FUNCTION refuse_goal_edit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused row (%, %)', NEW.user_id, NEW.goal_name; END $$`);
    await env.sql(`CREATE TRIGGER refuse_goal_edit BEFORE UPDATE ON study_goals
                   FOR EACH ROW EXECUTE FUNCTION refuse_goal_edit()`);
    try {
      const edit = await env.call(user, 'PUT', `/goals/${goal.body.goal_id}`, {
        goal_description: PERSONAL.notes,
      });
      expect(edit.status).toBe(500);
    } finally {
      await env.sql('DROP TRIGGER refuse_goal_edit ON study_goals');
      await env.sql('DROP FUNCTION refuse_goal_edit()');
    }

    // An email SES refuses, then one it sends.
    env.stack.ses.failNextSends(1);
    await env.runSchedule('report-builder', { at: '2026-11-14T08:00:00Z' });
    await env.stack.bus.idle();
    await env.runSchedule('report-sender');

    expect(captured.length).toBeGreaterThan(0);
    for (const [what, text] of Object.entries(PERSONAL)) {
      expect(captured.includes(text), `the logs contain the ${what}`).toBe(false);
    }
  });
});
