/** `npm run api:types`: regenerates web/src/lib/api-types.ts from the route table. */
import { writeFileSync } from 'node:fs';
import { API_TYPES_FILE, apiTypesSource } from './api-types';

writeFileSync(API_TYPES_FILE, await apiTypesSource());
console.log('wrote web/src/lib/api-types.ts');
