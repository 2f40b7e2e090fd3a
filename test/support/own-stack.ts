import { ExecuteStatementCommand, RDSDataClient } from '@aws-sdk/client-rds-data';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../local/stack';

/**
 * A local stack private to one test file, for tests that flip switches (bus failures, double
 * delivery) or count calls, which would disturb files sharing the global stack.
 */
export async function startOwnStack(options: LocalStackOptions = {}) {
  const stack = await startLocalStack({
    databaseUrl: process.env.DATABASE_URL || undefined,
    eventRetryBaseDelayMs: 5,
    ...options,
    functionEnv: { OUTBOX_RETRY_BASE_SECONDS: '0', ...options.functionEnv },
  });
  const sql = new RDSDataClient({ endpoint: stack.emulator.url });
  return {
    stack,
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
    /** A finished session between two instants (no pauses), written straight to the database. */
    async pastSession(user: string, start: string, end: string, classId: number | null = null) {
      const rows = await this.rows<{ id: number }>(`
        INSERT INTO study_sessions (user_id, class_id, session_type, status, start_time, end_time, duration_seconds)
        VALUES ('${user}', ${classId ?? 'NULL'}, 'solo', 'completed', '${start}', '${end}',
                extract(epoch FROM '${end}'::timestamptz - '${start}'::timestamptz))
        RETURNING id`);
      return rows[0]?.id as number;
    },
    async runSchedule(name: string) {
      return stack.scheduler.run(name);
    },
    async close() {
      sql.destroy();
      await stack.close();
    },
  };
}
export type OwnStack = Awaited<ReturnType<typeof startOwnStack>>;
export type { LocalStack };
