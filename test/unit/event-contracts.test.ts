import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventJsonSchemas } from '../../functions/contracts/event-schemas';
import { publishedEvents } from '../../functions/contracts/events';

const fixtureDir = join(import.meta.dirname, '..', 'fixtures', 'events');
const fixtures = readdirSync(fixtureDir).map((file) => ({
  file,
  event: JSON.parse(readFileSync(join(fixtureDir, file), 'utf8')) as {
    'detail-type': keyof typeof publishedEvents;
    detail: Record<string, unknown>;
  },
}));

describe('event contracts', () => {
  it('has a fixture for every event we publish', () => {
    const covered = new Set(fixtures.map((f) => f.event['detail-type']));
    expect([...covered].sort()).toEqual(Object.keys(publishedEvents).sort());
  });

  it.each(fixtures)('today’s schema still accepts the recorded $file', ({ event }) => {
    const schema = publishedEvents[event['detail-type']];
    expect(schema.safeParse(event.detail).error).toBeUndefined();
  });

  it('accepts fields added by a newer producer (consumers must ignore them)', () => {
    const fixture = fixtures.find((f) => f.event['detail-type'] === 'Study Session Ended');
    const detail = { ...fixture?.event.detail, added_later: 'x' };
    expect(publishedEvents['Study Session Ended'].safeParse(detail).success).toBe(true);
  });

  it('refuses a detail that breaks the contract', () => {
    const fixture = fixtures.find((f) => f.event['detail-type'] === 'Study Points Awarded');
    const broken = { ...fixture?.event.detail, points: -1 };
    expect(publishedEvents['Study Points Awarded'].safeParse(broken).success).toBe(false);
  });

  it('documents each event with the JSON Schema committed under docs/events', () => {
    const docs = join(import.meta.dirname, '..', '..', 'docs', 'events');
    for (const [file, schema] of Object.entries(eventJsonSchemas())) {
      const committed = JSON.parse(readFileSync(join(docs, file), 'utf8'));
      expect(committed, `${file} is stale: run npm run events:schemas`).toEqual(schema);
    }
  });
});
