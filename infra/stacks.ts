/**
 * The app's stacks from context, for `cdk synth|deploy` and for the infra tests alike: the
 * stateful data stack first, then the stateless service stack that depends on it.
 */
import type { App } from 'aws-cdk-lib';
import { DataStack } from './data-stack';
import { resolveStage } from './stages';
import { StudyAnalyticsStack } from './study-analytics-stack';

export type Context = (key: string) => string | undefined;

/** CloudFront-scoped WAF ACLs and certificates exist only in us-east-1 (docs/deploy.md). */
export const REGION = 'us-east-1';

/** The user pool sends through SES only with a configured identity (never the example one). */
function cognitoEmail(context: Context) {
  const identity = context('reportsIdentity');
  if (!identity) return undefined;
  const fromAddress =
    context('reportsFromAddress') ?? (identity.includes('@') ? identity : `no-reply@${identity}`);
  return { fromAddress, identity };
}

export function buildStacks(app: App, context: Context) {
  const config = resolveStage(context);
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: REGION };
  const tags = { service: 'study-analytics', stage: config.stage };
  const data = new DataStack(app, `StudyAnalytics-${config.stage}-Data`, {
    description: `Study Analytics (${config.stage}): database, secrets, logs, event bus`,
    config,
    env,
    tags,
    terminationProtection: config.protectDatabase,
  });
  const service = new StudyAnalyticsStack(app, `StudyAnalytics-${config.stage}`, {
    description: `Study Analytics (${config.stage}): API, functions, schedules, dashboard`,
    config,
    data,
    env,
    tags,
    corsAllowedOrigins: (context('corsAllowedOrigins') ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    auth: {
      issuer: context('authIssuer'),
      audience: context('authAudience'),
      jwksUri: context('authJwksUri'),
      dashboardClientId: context('authDashboardClientId'),
      domainPrefix: context('cognitoDomainPrefix'),
      email: cognitoEmail(context),
    },
    gamificationUrl: context('gamificationUrl'),
    reports: {
      fromAddress: context('reportsFromAddress') ?? 'reports@example.com',
      identity: context('reportsIdentity') ?? 'example.com',
      configurationSetName: context('reportsConfigurationSet'),
      unsubscribeMailto: context('unsubscribeMailto'),
      sendsPerSecond: Number(context('reportsSendsPerSecond') ?? 10),
    },
    dashboardUrl: context('dashboardUrl'),
  });
  service.addStackDependency(data, 'migrations run before new functions take traffic');
  return { config, data, service };
}
