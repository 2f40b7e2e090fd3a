/** `npm run events:schemas`: regenerates docs/events/*.schema.json from the zod contracts. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventJsonSchemas } from '../functions/contracts/event-schemas';

const dir = join(import.meta.dirname, '..', 'docs', 'events');
mkdirSync(dir, { recursive: true });
for (const [file, schema] of Object.entries(eventJsonSchemas())) {
  writeFileSync(join(dir, file), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote docs/events/${file}`);
}
