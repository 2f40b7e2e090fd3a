/** `npm run -s token -- --user <sub> [--expires-in <seconds>]`: prints only a bearer token. */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createDevIssuer } from './dev-issuer';

const { values } = parseArgs({
  options: { user: { type: 'string', default: 'demo' }, 'expires-in': { type: 'string' } },
});
const issuer = createDevIssuer(resolve(process.env.DATA_DIR ?? '.data'));
const expiresIn = values['expires-in'] ? Number(values['expires-in']) : undefined;
console.log(issuer.token({ user: values.user ?? 'demo', expiresIn }));
