/**
 * Both stages synthesised (without bundling: only the templates matter here), checked for what
 * differs between them and for what must hold in both, cdk-nag included.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { httpRoutes } from '../../functions/routes';
import { ACCESS_LOG_FIELDS } from '../../infra/api';
import { nagFindings } from '../../infra/nag';
import { buildStacks } from '../../infra/stacks';
import { STAGES, type StageName } from '../../infra/stages';

interface Synthesised {
  app: App;
  data: Template;
  service: Template;
  dependsOnData: boolean;
}

function synthesise(context: Record<string, string>): Synthesised {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const { data, service } = buildStacks(app, (key) => context[key]);
  return {
    app,
    data: Template.fromStack(data),
    service: Template.fromStack(service),
    dependsOnData: service.dependencies.includes(data),
  };
}

const stages: Record<StageName, Synthesised> = {} as never;
beforeAll(() => {
  stages.dev = synthesise({ stage: 'dev' });
  stages.prod = synthesise({ stage: 'prod' });
  // Synthesis is CPU-bound and slow on a busy machine: no deadline (0) rather than a guess.
}, 0);

const STATEFUL = [
  'AWS::RDS::DBCluster',
  'AWS::SecretsManager::Secret',
  'AWS::Events::EventBus',
  'AWS::Events::Archive',
];

describe.each(['dev', 'prod'] as const)('stage %s', (name) => {
  const config = STAGES[name];
  const get = () => stages[name];

  it('keeps stateful resources in the data stack, deployed before the functions', () => {
    const { data, service, dependsOnData } = get();
    for (const type of STATEFUL) {
      expect(Object.keys(data.findResources(type)).length, type).toBeGreaterThan(0);
      expect(Object.keys(service.findResources(type)), type).toEqual([]);
    }
    expect(Object.keys(data.findResources('AWS::Lambda::Function')).length).toBeLessThan(5);
    expect(dependsOnData).toBe(true);
  });

  it('throttles the stage, tighter on expensive routes, and logs every request as JSON without the token', () => {
    const { service } = get();
    const [stage] = Object.values(service.findResources('AWS::ApiGatewayV2::Stage'));
    expect(stage?.Properties.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: config.apiRateLimit,
      ThrottlingBurstLimit: config.apiBurstLimit,
    });
    const expensive = httpRoutes.filter((r) => r.expensive).map((r) => `${r.method} ${r.path}`);
    expect(expensive.length).toBe(6);
    expect(Object.keys(stage?.Properties.RouteSettings).sort()).toEqual(expensive.sort());
    for (const key of expensive) {
      expect(stage?.Properties.RouteSettings[key]).toEqual({
        ThrottlingRateLimit: config.expensiveRouteRateLimit,
        ThrottlingBurstLimit: config.expensiveRouteBurstLimit,
      });
    }
    const format = JSON.parse(stage?.Properties.AccessLogSettings.Format);
    expect(format).toEqual(ACCESS_LOG_FIELDS);
    expect(format.sub).toBe('$context.authorizer.claims.sub');
    expect(JSON.stringify(format)).not.toMatch(/authorization|header/i);
    service.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: config.logRetentionDays,
    });
  });

  it('reserves concurrency for every API function', () => {
    const { service } = get();
    const functions = Object.values(service.findResources('AWS::Lambda::Function'));
    for (const route of httpRoutes) {
      const fn = functions.find((f) =>
        String(f.Properties.Description).startsWith(`${route.method} ${route.path}:`),
      );
      expect(fn?.Properties.ReservedConcurrentExecutions, route.name).toBe(
        config.apiReservedConcurrency,
      );
    }
  });

  it('protects Aurora as the stage says: deletion, backups, insights, logs', () => {
    const { data } = get();
    const [cluster] = Object.values(data.findResources('AWS::RDS::DBCluster'));
    expect(cluster?.Properties).toMatchObject({
      DeletionProtection: config.protectDatabase,
      BackupRetentionPeriod: config.backupRetentionDays,
      EnableCloudwatchLogsExports: ['postgresql'],
      PerformanceInsightsEnabled: true,
      ManageMasterUserPassword: true,
      ServerlessV2ScalingConfiguration: {
        MinCapacity: config.databaseMinCapacity,
        MaxCapacity: config.databaseMaxCapacity,
      },
    });
    expect(cluster?.DeletionPolicy).toBe(config.protectDatabase ? 'Snapshot' : 'Delete');
    expect(cluster?.Properties.DatabaseInsightsMode).toBe(
      config.databaseInsights === 'advanced' ? 'advanced' : undefined,
    );
    data.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Parameters: Match.objectLike({
        log_min_duration_statement: String(config.slowStatementMs),
        log_parameter_max_length: '0',
      }),
    });
    data.resourceCountIs('AWS::RDS::DBInstance', config.databaseReader ? 2 : 1);
    data.hasResourceProperties('AWS::Events::Archive', { RetentionDays: config.eventArchiveDays });
  });

  it('checks tokens at the gateway on every signed-in route, and only there', () => {
    const routes = Object.values(get().service.findResources('AWS::ApiGatewayV2::Route'));
    for (const route of httpRoutes) {
      const found = routes.find((r) => r.Properties.RouteKey === `${route.method} ${route.path}`);
      expect(found?.Properties.AuthorizationType, route.name).toBe(route.auth ? 'JWT' : 'NONE');
    }
  });

  it('keeps a rotated secret per database role, and lets only named publishers put events', () => {
    const { data, service } = get();
    expect(Object.keys(data.findResources('AWS::SecretsManager::RotationSchedule'))).toHaveLength(
      3,
    );
    const sids = Object.values(service.findResources('AWS::Events::EventBusPolicy')).map(
      (p) => p.Properties.Statement.Sid,
    );
    expect(sids).toEqual(['OnlyNamedPublishers', 'OurFunctionsOnlyOurSource']);
  });

  it('serves the dashboard and /api/* through CloudFront with WAF and logs; Cognito with optional TOTP', () => {
    const { service } = get();
    service.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        WebACLId: Match.anyValue(),
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
        CacheBehaviors: [Match.objectLike({ PathPattern: '/api/*' })],
      }),
    });
    service.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'OPTIONAL',
      DeletionProtection: config.protectDatabase ? 'ACTIVE' : 'INACTIVE',
    });
  });

  it('rate-limits each IP at the WAF', () => {
    get().service.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Statement: {
            RateBasedStatement: Match.objectLike({ Limit: config.wafRequestsPer5MinutesPerIp }),
          },
        }),
      ]),
    });
  });

  it('has no unacknowledged cdk-nag finding (AwsSolutions, Serverless), each acknowledgement with a reason', () => {
    const findings = nagFindings(get().app);
    const open = findings.filter((f) => f.reason === undefined);
    expect(open.map((f) => `${f.rule} at ${f.path}`)).toEqual([]);
    for (const f of findings) expect(f.reason?.length ?? 0, f.rule).toBeGreaterThanOrEqual(20);
  });
});

describe('stage switches from context', () => {
  it('adds an Aurora reader, a named class publisher and threat protection when asked', () => {
    const { data, service, app } = synthesise({
      stage: 'prod',
      databaseReader: 'true',
      threatProtection: 'true',
      classEventPublishers: 'arn:aws:iam::111122223333:role/class-management',
      alertEmail: 'ops@example.edu',
    });
    service.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.edu',
    });
    for (const alarm of Object.values(service.findResources('AWS::CloudWatch::Alarm'))) {
      expect(JSON.stringify(alarm.Properties.AlarmActions)).toContain('AlertsTopic');
    }
    data.resourceCountIs('AWS::RDS::DBInstance', 2);
    service.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: Match.anyValue() },
    });
    const statements = Object.values(service.findResources('AWS::Events::EventBusPolicy')).map(
      (p) => p.Properties.Statement,
    );
    const allow = statements.find((s) => s.Sid === 'ClassPublishers');
    expect(allow).toMatchObject({
      Effect: 'Allow',
      Principal: { AWS: ['arn:aws:iam::111122223333:role/class-management'] },
      Condition: { StringEquals: { 'events:source': 'learning-platform.classes' } },
    });
    expect(nagFindings(app).filter((f) => !f.reason)).toEqual([]);
    // Synthesises a whole app: no deadline on a busy machine.
  }, 0);

  it('uses the own domain with TLS 1.2 at least when a certificate is given', () => {
    const { service } = synthesise({
      stage: 'prod',
      domainName: 'study.example.edu',
      certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/abc',
    });
    service.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['study.example.edu'],
        ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021' }),
      }),
    });
  }, 0);

  it('refuses unknown stages and half a domain', () => {
    expect(() => synthesise({ stage: 'staging' })).toThrow(/dev or prod/);
    expect(() => synthesise({ stage: 'dev', domainName: 'x.example.edu' })).toThrow(/together/);
  });
});

describe('docs/deploy.md', () => {
  it('shows the stage table as it is in infra/stages.ts', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'deploy.md'), 'utf8');
    for (const [key, value] of Object.entries(STAGES.dev)) {
      if (key === 'stage' || Array.isArray(value)) continue;
      const prod = STAGES.prod[key as keyof typeof STAGES.prod];
      const row = new RegExp(`\\|\\s*\`${key}\`\\s*\\|\\s*${value}\\s*\\|\\s*${prod}\\s*\\|`);
      expect(doc, key).toMatch(row);
    }
  });
});
