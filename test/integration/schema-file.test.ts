/**
 * db/schema.sql shows the whole schema the migrations build; it must say what they build today.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freshSchemaText, SCHEMA_FILE } from '../../local/schema-file';

describe('db/schema.sql', () => {
  it('is what the migrations build (run `npm run db:schema` after adding one)', async () => {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    const built = await freshSchemaText();
    expect(built, 'db/schema.sql is stale: run npm run db:schema').toBe(committed);
  });
});
