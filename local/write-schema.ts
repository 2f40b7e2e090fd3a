/** `npm run db:schema`: rewrites db/schema.sql from the migrations. */
import { writeFileSync } from 'node:fs';
import { freshSchemaText, SCHEMA_FILE } from './schema-file';

writeFileSync(SCHEMA_FILE, await freshSchemaText());
console.log('wrote db/schema.sql');
