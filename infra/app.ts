/**
 * The CDK app. `npm run synth` (offline) and `npm run deploy -- --context stage=dev|prod`;
 * cdk-nag's packs run on every synthesis and fail it on any unacknowledged finding.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AcknowledgedNagChecks } from './nag';
import { buildStacks } from './stacks';

// The CDK announces every asset it bundles on stderr (one line per function); `npm run synth`
// stays quiet unless asked (`SYNTH_VERBOSE=1`). Anything else on stderr passes through.
if (!process.env.SYNTH_VERBOSE) {
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) =>
    typeof chunk === 'string' && chunk.startsWith('Bundling asset ')
      ? true
      : write(chunk, ...rest)) as typeof process.stderr.write;
}

const app = new App();
buildStacks(app, (key) => {
  const value = app.node.tryGetContext(key);
  return value === undefined || value === null || value === '' ? undefined : String(value);
});
Validations.of(app).addPlugins(new AcknowledgedNagChecks(app));
