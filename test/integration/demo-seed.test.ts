/**
 * `npm run seed -- --demo` replaces the demo student's data, and everything tied to it: running
 * the README's walk-through again afterwards must not replay a session the reset deleted.
 */
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { DataApi } from '../../functions/platform/data-api';
import { DEMO_USER, seedDemo } from '../../local/seed/demo';
import { LOCAL_ARNS } from '../../local/stack';
import { call } from '../support/api';

const client = new RDSDataClient({ endpoint: inject('emulatorUrl') });
afterAll(() => client.destroy());

describe('the demo seed', () => {
  it('says what it replaced and forgets the idempotency records of deleted sessions', async () => {
    const db = new DataApi(LOCAL_ARNS, client);
    const headers = { 'idempotency-key': 'walk-through-start' };
    const start = () =>
      call('POST', '/sessions/start', { user: DEMO_USER, body: { class_id: 101 }, headers });

    const first = await start();
    expect(first.status).toBe(201);

    const seeded = await seedDemo(db);
    expect(seeded.replaced).toMatchObject({ idempotency_keys: 1 });
    expect(seeded.replaced?.sessions).toBeGreaterThanOrEqual(1);

    const again = await start();
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(again.body.session_id).not.toBe(first.body.session_id);
    const active = await call('GET', '/sessions/active', { user: DEMO_USER });
    expect(active.body.session?.session_id).toBe(again.body.session_id);
  });
});
