/**
 * The CDK app. `npm run synth` (offline) and `npm run deploy -- --context stage=dev|prod`;
 * cdk-nag's packs run on every synthesis and fail it on any unacknowledged finding.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AcknowledgedNagChecks } from './nag';
import { buildStacks } from './stacks';

const app = new App();
buildStacks(app, (key) => {
  const value = app.node.tryGetContext(key);
  return value === undefined || value === null || value === '' ? undefined : String(value);
});
Validations.of(app).addPlugins(new AcknowledgedNagChecks(app));
