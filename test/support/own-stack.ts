import { ExecuteStatementCommand, RDSDataClient } from '@aws-sdk/client-rds-data';
import type { InvocationRecord } from '../../local/lambda-service';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../local/stack';
import { Api } from '../../web/src/lib/api';
import { copyOfTemplate } from './database-template';

/**
 * A local stack private to one test file, for tests that flip switches (bus failures, double
 * delivery), count calls or run schedules over every student, which would disturb files sharing
 * the global stack. Its database is its own on PostgreSQL too.
 */
export async function startOwnStack(options: LocalStackOptions = {}) {
  // A database of its own, copied from the run's prepared template, unless the caller chose one.
  const chosen = options.dataDir !== undefined || 'databaseUrl' in options;
  const database = chosen
    ? { options: {}, drop: async () => {} }
    : await copyOfTemplate(process.env.DATABASE_URL || undefined);
  const stack = await startLocalStack({
    ...database.options,
    eventRetryBaseDelayMs: 5,
    ...options,
    functionEnv: { OUTBOX_RETRY_BASE_SECONDS: '0', ...options.functionEnv },
  }).catch(async (error: unknown) => {
    await database.drop();
    throw error;
  });
  const sql = new RDSDataClient({ endpoint: stack.emulator.url });
  return {
    stack,
    /** The typed API client the dashboard uses (web/src/lib/api.ts), signed in as `user`. */
    api(user: string) {
      return new Api(stack.apiUrl, {
        token: async () => stack.issuer.token({ user }),
        rejected: () => undefined,
        signedOut: () => undefined,
      });
    },
    /** Calls the API as `user` over HTTP. */
    async call(user: string, method: string, path: string, body?: unknown) {
      const res = await fetch(`${stack.apiUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${stack.issuer.token({ user })}`,
          'content-type': 'application/json',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as any };
    },
    /** Runs SQL directly, e.g. to move a session's start into the past. */
    async sql(statement: string) {
      return sql.send(
        new ExecuteStatementCommand({
          resourceArn: 'arn:aws:rds:us-east-1:000000000000:cluster:study-analytics-local',
          secretArn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:study-analytics-local',
          sql: statement,
          formatRecordsAs: 'JSON',
        }),
      );
    },
    async rows<T = any>(statement: string): Promise<T[]> {
      const out = await this.sql(statement);
      return JSON.parse(out.formattedRecords ?? '[]') as T[];
    },
    /**
     * A finished session between two instants (no pauses), written straight to the database.
     * Like a data import, it makes the student's analytics snapshots be rebuilt.
     */
    async pastSession(
      user: string,
      start: string,
      end: string,
      classId: number | null = null,
      extra: { focus?: boolean; mood?: number; productivity?: number } = {},
    ) {
      const rows = await this.rows<{ id: number }>(`
        WITH stale AS (DELETE FROM analytics_snapshot_state WHERE user_id = '${user}')
        INSERT INTO study_sessions (user_id, class_id, session_type, status, start_time, end_time,
          duration_seconds, focus_mode, mood_rating, productivity_rating)
        VALUES ('${user}', ${classId ?? 'NULL'}, 'solo', 'completed', '${start}', '${end}',
                extract(epoch FROM '${end}'::timestamptz - '${start}'::timestamptz),
                ${extra.focus ?? false}, ${extra.mood ?? 'NULL'}, ${extra.productivity ?? 'NULL'})
        RETURNING id`);
      return rows[0]?.id as number;
    },
    /** An activity logged at `at` in session `sessionId`. */
    async pastActivity(
      user: string,
      sessionId: number,
      at: string,
      type: string,
      completed: number,
      correct = 0,
    ) {
      await this.sql(`
        WITH stale AS (DELETE FROM analytics_snapshot_state WHERE user_id = '${user}')
        INSERT INTO session_activities (session_id, user_id, activity_type, items_completed,
          items_correct, created_at)
        VALUES (${sessionId}, '${user}', '${type}', ${completed}, ${correct}, '${at}')`);
    },
    /** Raw response of a GET, for non-JSON answers such as CSV. */
    async fetchRaw(user: string, path: string) {
      return fetch(`${stack.apiUrl}${path}`, {
        headers: { authorization: `Bearer ${stack.issuer.token({ user })}` },
      });
    },
    /** The invocation records waiting in a function's on-failure queue, oldest first. */
    onFailure(name: string): InvocationRecord[] {
      return stack.queues
        .messages(stack.lambda.onFailureQueue(name))
        .map((m) => JSON.parse(m.body) as InvocationRecord);
    },
    async runSchedule(name: string, input?: unknown) {
      return stack.scheduler.run(name, input);
    },
    async close() {
      sql.destroy();
      await stack.close();
      await database.drop();
    },
  };
}
export type OwnStack = Awaited<ReturnType<typeof startOwnStack>>;
export type { LocalStack };
