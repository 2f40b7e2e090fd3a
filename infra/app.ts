/** The CDK app. Synthesises offline (`npm run synth`); deploy with `npx cdk deploy`. */
import { App } from 'aws-cdk-lib';
import { StudyAnalyticsStack } from './study-analytics-stack';

const app = new App();
const context = (key: string): string | undefined => {
  const value = app.node.tryGetContext(key);
  return value === undefined || value === null || value === '' ? undefined : String(value);
};
const stage = context('stage') ?? 'dev';

new StudyAnalyticsStack(app, `StudyAnalytics-${stage}`, {
  description: `Study Analytics (${stage}): sessions, analytics and reports`,
  databaseMinCapacity: Number(context('databaseMinCapacity') ?? 0),
  databaseMaxCapacity: Number(context('databaseMaxCapacity') ?? 4),
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
  tags: { service: 'study-analytics', stage },
});
