import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { CORS_RULES } from '../../functions/cors';
import {
  eventRules,
  eventTargetEntry,
  eventTargetTimeoutSeconds,
  HTTP_TIMEOUT_SECONDS,
  handlerEntry,
  httpRoutes,
  scheduleEntry,
  schedules,
  wakeUpQueues,
} from '../../functions/routes';
import { buildStacks } from '../../infra/stacks';
import { HTTP_BUNDLE_LIMIT_BYTES } from '../bench/bundles';

type Resource = { Type: string; Properties: Record<string, any>; Metadata?: Record<string, any> };

/** The stateless stack (functions, API, web) and the data stack (database, secrets, bus). */
let template: Template;
let data: Template;
let assemblyDir: string;
let functions: Record<string, Resource>;

/** The Lambda function whose description starts with this route's "METHOD /path". */
const functionOf = (prefix: string): [string, Resource] => {
  const found = Object.entries(functions).filter(([, f]) =>
    String(f.Properties.Description ?? '').startsWith(prefix),
  );
  expect(found, prefix).toHaveLength(1);
  return found[0] as [string, Resource];
};

/** The route, event rule or schedule a function was made for. */
const specOf = (fn: Resource) => {
  const description = String(fn.Properties.Description ?? '');
  return (
    httpRoutes.find((r) => description.startsWith(`${r.method} ${r.path}:`)) ??
    eventRules.find((r) => description === `EventBridge target: ${r.description}`) ??
    schedules.find((sc) => description === `Scheduled: ${sc.description}`)
  );
};

/** Every IAM statement attached to a function's role. */
function statementsOf(functionId: string): { Action: string | string[]; Resource: unknown }[] {
  const roleRef = functions[functionId]?.Properties.Role['Fn::GetAtt'][0];
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${roleRef}"`))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}
const actionsOf = (id: string) => statementsOf(id).flatMap((s) => [s.Action].flat());

beforeAll(() => {
  const app = new App({
    context: { 'aws:cdk:bundling-stacks': ['**'], 'aws:cdk:enable-asset-metadata': true },
  });
  const context: Record<string, string> = {
    stage: 'dev',
    corsAllowedOrigins: 'https://partner.example.com',
    reportsFromAddress: 'reports@example.edu',
    reportsIdentity: 'example.edu',
    dashboardUrl: 'https://dashboard.example.com/dashboard/reports',
  };
  const stacks = buildStacks(app, (key) => context[key]);
  template = Template.fromStack(stacks.service);
  data = Template.fromStack(stacks.data);
  assemblyDir = app.synth().directory;
  functions = template.findResources('AWS::Lambda::Function') as Record<string, Resource>;
  // Bundling every function takes minutes on a busy machine: no deadline (0) rather than a guess.
}, 0);

describe('the API', () => {
  it('has one function per route, each integrated on its own route key', () => {
    for (const route of httpRoutes) {
      const [id] = functionOf(`${route.method} ${route.path}:`);
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: `${route.method} ${route.path}`,
      });
      const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
      const integrated = Object.values(integrations).filter((i) =>
        JSON.stringify(i.Properties.IntegrationUri).includes(`"${id}"`),
      );
      expect(integrated, route.name).toHaveLength(1);
    }
    template.resourceCountIs('AWS::ApiGatewayV2::Route', httpRoutes.length);
  });

  it('answers CORS preflights for the configured origins only (the dashboard shares its origin)', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: {
        AllowOrigins: ['https://partner.example.com'],
        // The same rules the local gateway answers with (functions/cors.ts).
        AllowMethods: [...CORS_RULES.allowMethods],
        AllowHeaders: [...CORS_RULES.allowHeaders],
        ExposeHeaders: [...CORS_RULES.exposeHeaders],
        MaxAge: CORS_RULES.maxAgeSeconds,
      },
    });
  });

  it('gives functions no CORS settings: the HTTP API ignores theirs', () => {
    for (const fn of Object.values(functions)) {
      expect(fn.Properties.Environment?.Variables?.CORS_ALLOWED_ORIGINS).toBeUndefined();
    }
  });
});

describe('every function', () => {
  it('runs Node.js 24 on ARM64 with source maps, tracing and a retained log group', () => {
    for (const [id, fn] of Object.entries(functions)) {
      // CDK's own functions (custom-resource providers, bucket deployment) are not ours.
      if (String(fn.Properties.Description).startsWith('AWS CDK resource provider')) continue;
      if (id.startsWith('CustomCDKBucketDeployment')) continue;
      if (id.startsWith('AWS679f53fac002430cb0da5b7982bd2287')) continue; // AwsCustomResource
      expect(fn.Properties.Runtime, id).toBe('nodejs24.x');
      expect(fn.Properties.Architectures, id).toEqual(['arm64']);
      expect(fn.Properties.TracingConfig, id).toEqual({ Mode: 'Active' });
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS, id).toBe('--enable-source-maps');
      expect(fn.Properties.LoggingConfig?.LogGroup, id).toBeDefined();
    }
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('exports `handler` from its module and from its deployed bundle', async () => {
    Object.assign(process.env, {
      DATABASE_RESOURCE_ARN: 'arn:aws:rds:us-east-1:000000000000:cluster:x',
      DATABASE_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:x',
      DATABASE_NAME: 'x',
      EVENT_BUS_NAME: process.env.EVENT_BUS_NAME ?? 'x',
    });
    const entries = [
      ...httpRoutes.map((r) => [`${r.method} ${r.path}:`, handlerEntry(r)]),
      ...eventRules
        .filter((r) => !r.targetIsSchedule)
        .map((r) => [`EventBridge target: ${r.description}`, eventTargetEntry(r)]),
      ...schedules.map((s) => [`Scheduled: ${s.description}`, scheduleEntry(s)]),
    ];
    for (const [prefix, entry] of entries as [string, string][]) {
      const module = await import(join(import.meta.dirname, '..', '..', entry));
      expect(typeof module.handler, entry).toBe('function');
      const [, fn] = functionOf(prefix);
      expect(fn.Properties.Handler, entry).toBe('index.handler');
      const bundle = readFileSync(
        join(assemblyDir, fn.Metadata?.['aws:asset:path'], 'index.mjs'),
        'utf8',
      );
      expect(bundle, entry).toMatch(
        /export\s*\{[^}]*\bas handler\b[^}]*\}|export\s*\{[^}]*\bhandler\b[^}]*\}/,
      );
    }
  });
  it('deploys each HTTP function in at most 300 KB, with credentials from its environment only', () => {
    for (const route of httpRoutes) {
      const [, fn] = functionOf(`${route.method} ${route.path}:`);
      const bundle = readFileSync(
        join(assemblyDir, fn.Metadata?.['aws:asset:path'], 'index.mjs'),
        'utf8',
      );
      expect(Buffer.byteLength(bundle), route.name).toBeLessThanOrEqual(HTTP_BUNDLE_LIMIT_BYTES);
      // The SDK's default chain (and its SSO and STS clients) is replaced (infra/bundling.ts).
      expect(bundle, route.name).not.toMatch(/defaultProvider::|SSOOIDCClient|STSClient/);
    }
  });
});

describe('least privilege and wiring', () => {
  it('gives each database function the Data API and only the secret of the role its entry names', () => {
    const role = {
      database: 'DatabaseRolesapisecret',
      'database-batch': 'DatabaseRolesbatchsecret',
    };
    for (const [id, fn] of Object.entries(functions)) {
      const spec = specOf(fn);
      if (!spec) continue;
      const uses = spec.uses.filter((u): u is keyof typeof role => u in role);
      const env = fn.Properties.Environment.Variables;
      const secrets = statementsOf(id)
        .filter((st) => [st.Action].flat().includes('secretsmanager:GetSecretValue'))
        .map((st) => JSON.stringify(st.Resource))
        .filter((r) => r.includes('DatabaseRoles') || r.includes('MasterUserSecret'));
      const description = String(fn.Properties.Description);
      if (uses.length === 0) {
        expect(env.DATABASE_SECRET_ARN, description).toBeUndefined();
        expect(secrets, description).toEqual([]);
        continue;
      }
      expect(uses, description).toHaveLength(1);
      const expected = role[uses[0] as keyof typeof role];
      expect(env.DATABASE_NAME).toBe('study_analytics');
      expect(JSON.stringify(env.DATABASE_RESOURCE_ARN)).toContain('DatabaseCluster');
      expect(JSON.stringify(env.DATABASE_SECRET_ARN), description).toContain(expected);
      expect(secrets, description).toHaveLength(1);
      expect(secrets[0], description).toContain(expected);
      const dataApi = statementsOf(id).find((st) =>
        [st.Action].flat().includes('rds-data:ExecuteStatement'),
      );
      expect(JSON.stringify(dataApi?.Resource)).toContain('DatabaseCluster');
      expect(JSON.stringify(dataApi?.Resource)).not.toContain('"*"');
    }
    // HTTP and event functions log in as the API role, scheduled jobs as the batch role.
    const [, getSession] = functionOf('GET /api/analytics/sessions/{id}:');
    expect(
      JSON.stringify(getSession.Properties.Environment.Variables.DATABASE_SECRET_ARN),
    ).toContain('DatabaseRolesapisecret');
    const [, closer] = functionOf(
      `Scheduled: ${schedules.find((sc) => sc.name === 'session-closer')?.description}`,
    );
    expect(JSON.stringify(closer.Properties.Environment.Variables.DATABASE_SECRET_ARN)).toContain(
      'DatabaseRolesbatchsecret',
    );
  });

  it('grants "*" resources for X-Ray and nothing else', () => {
    for (const [id, fn] of Object.entries(functions)) {
      if (!specOf(fn)) continue;
      for (const st of statementsOf(id)) {
        if (JSON.stringify(st.Resource) !== '"*"') continue;
        for (const action of [st.Action].flat()) expect(action, id).toMatch(/^xray:/);
      }
    }
  });

  it('gives nothing to public functions', () => {
    for (const route of httpRoutes.filter((r) => r.uses.length === 0)) {
      const [id, fn] = functionOf(`${route.method} ${route.path}:`);
      expect(
        actionsOf(id).filter((a) => /rds-data|secretsmanager|events:/.test(a)),
        route.name,
      ).toEqual([]);
      expect(fn.Properties.Environment.Variables.DATABASE_RESOURCE_ARN, route.name).toBeUndefined();
      expect(
        fn.Properties.Environment.Variables.AUTH_COGNITO_USER_POOL_ID,
        route.name,
      ).toBeUndefined();
    }
  });

  it('grants PutEvents only to the functions that publish', () => {
    for (const [id, fn] of Object.entries(functions)) {
      if (id.startsWith('CustomCDKBucketDeployment')) continue;
      const canPublish = actionsOf(id).includes('events:PutEvents');
      const description = String(fn.Properties.Description ?? '');
      const spec =
        httpRoutes.find((r) => description.startsWith(`${r.method} ${r.path}:`)) ??
        eventRules.find((r) => description === `EventBridge target: ${r.description}`) ??
        schedules.find((s) => description === `Scheduled: ${s.description}`);
      const publishes = spec?.uses.includes('bus') ?? false;
      expect(canPublish, description || id).toBe(publishes);
      if (publishes) expect(fn.Properties.Environment.Variables.EVENT_BUS_NAME, id).toBeDefined();
    }
  });

  it('grants ses:SendEmail only to the senders, on the identity and configuration set only', () => {
    for (const [id, fn] of Object.entries(functions)) {
      const spec = specOf(fn);
      const sends = spec?.uses.includes('email') ?? false;
      const statements = statementsOf(id).filter((st) =>
        [st.Action].flat().includes('ses:SendEmail'),
      );
      expect(statements.length > 0, String(fn.Properties.Description)).toBe(sends);
      for (const st of statements) {
        const resources = JSON.stringify(st.Resource);
        expect(resources).toContain(':identity/');
        expect(resources).toContain(':configuration-set/');
        expect(resources).not.toContain('"*"');
      }
      if (sends) {
        expect(fn.Properties.Environment.Variables.REPORT_FROM_ADDRESS).toBe('reports@example.edu');
        expect(fn.Properties.Environment.Variables.SES_CONFIGURATION_SET).toBeDefined();
      }
    }
  });

  it('lets only the functions that sign or check unsubscribe links read their secret', () => {
    for (const [id, fn] of Object.entries(functions)) {
      const spec = specOf(fn);
      const signs = spec?.uses.includes('signing-secret') ?? false;
      const reads = statementsOf(id).some(
        (st) =>
          [st.Action].flat().includes('secretsmanager:GetSecretValue') &&
          JSON.stringify(st.Resource).includes('UnsubscribeSecret'),
      );
      expect(reads, String(fn.Properties.Description)).toBe(signs);
      expect(Boolean(fn.Properties.Environment?.Variables?.UNSUBSCRIBE_SECRET_ARN)).toBe(signs);
    }
    const [, unsubscribe] = functionOf('GET /api/analytics/unsubscribe:');
    expect(JSON.stringify(unsubscribe.Properties.Environment.Variables)).not.toContain('AUTH_');
  });

  it('configures token verification on every authenticated route', () => {
    for (const route of httpRoutes) {
      const [, fn] = functionOf(`${route.method} ${route.path}:`);
      const env = fn.Properties.Environment.Variables;
      expect(Boolean(env.AUTH_COGNITO_USER_POOL_ID), route.name).toBe(route.auth);
      expect(Boolean(env.AUTH_COGNITO_CLIENT_ID), route.name).toBe(route.auth);
    }
  });

  it('checks tokens at the gateway too: the JWT authorizer on every signed-in route only', () => {
    const authorizers = template.findResources('AWS::ApiGatewayV2::Authorizer');
    const [authorizerId] = Object.keys(authorizers);
    expect(Object.keys(authorizers)).toHaveLength(1);
    // The issuer and audience the functions verify: the user pool and its dashboard client.
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: Match.stringLikeRegexp('^AuthStudentsDashboard') }],
        Issuer: {
          'Fn::Join': [
            '',
            [
              'https://cognito-idp.us-east-1.',
              { Ref: 'AWS::URLSuffix' },
              '/',
              { Ref: Match.stringLikeRegexp('^AuthStudents') },
            ],
          ],
        },
      },
    });
    const routesByKey = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties,
    );
    for (const route of httpRoutes) {
      const found = routesByKey.find((r) => r.RouteKey === `${route.method} ${route.path}`);
      if (route.auth) {
        expect(found?.AuthorizationType, route.name).toBe('JWT');
        expect(found?.AuthorizerId, route.name).toEqual({ Ref: authorizerId });
      } else {
        expect(found?.AuthorizationType, route.name).toBe('NONE');
      }
    }
  });
});

describe('the database', () => {
  it('is Aurora PostgreSQL 16 Serverless v2 with the Data API in the data stack, its master password managed by RDS', () => {
    data.hasResourceProperties('AWS::RDS::DBCluster', {
      Engine: 'aurora-postgresql',
      EngineVersion: Match.stringLikeRegexp('^16\\.'),
      EnableHttpEndpoint: true,
      StorageEncrypted: true,
      ServerlessV2ScalingConfiguration: { MinCapacity: 0, MaxCapacity: 4 },
      ManageMasterUserPassword: true,
      EnableCloudwatchLogsExports: ['postgresql'],
      PerformanceInsightsEnabled: true,
      BackupRetentionPeriod: 7,
    });
    data.hasResourceProperties('AWS::RDS::DBInstance', { DBInstanceClass: 'db.serverless' });
    data.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Parameters: Match.objectLike({
        log_min_duration_statement: '500',
        log_parameter_max_length: '0',
      }),
    });
    template.resourceCountIs('AWS::RDS::DBCluster', 0);
  });

  it('is prepared on deploy by a custom resource that waits for the writer: roles as the master, migrations as the migrator', () => {
    const migrations = data.findResources('Custom::StudyAnalyticsMigrations');
    const [resource] = Object.values(migrations);
    expect(resource?.Properties.MigrationsHash).toMatch(/^[0-9a-f]{64}$/);
    const writer = Object.keys(data.findResources('AWS::RDS::DBInstance'))[0];
    expect(resource?.DependsOn).toEqual(expect.arrayContaining([writer]));
    const [id, migrator] =
      Object.entries(data.findResources('AWS::Lambda::Function') as Record<string, Resource>).find(
        ([, f]) => String(f.Properties.Description).startsWith('Applies db/migrations'),
      ) ?? [];
    const env = migrator?.Properties.Environment.Variables;
    expect(env.MIGRATIONS_DIR).toBe('/var/task/migrations');
    expect(JSON.stringify(env.DATABASE_MASTER_SECRET_ARN)).toContain('MasterUserSecret');
    expect(JSON.stringify(env.DATABASE_ROLE_SECRET_ARNS)).toMatch(/api.*batch.*migrator/);
    const policies = Object.values(data.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties.Roles).includes(
        String(migrator?.Properties.Role['Fn::GetAtt'][0]),
      ),
    );
    expect(JSON.stringify(policies)).toContain('secretsmanager:GetSecretValue');
    expect(id).toBeDefined();
    const bundleDir = join(assemblyDir, migrator?.Metadata?.['aws:asset:path'], 'migrations');
    expect(readFileSync(join(bundleDir, '001_sessions.sql'), 'utf8')).toContain(
      'CREATE TABLE study_sessions',
    );
  });

  it('keeps a secret per role, rotated every 30 days by the Data API rotation function', () => {
    const secrets = Object.values(data.findResources('AWS::SecretsManager::Secret'));
    for (const role of [
      'study_analytics_api',
      'study_analytics_batch',
      'study_analytics_migrator',
    ]) {
      expect(JSON.stringify(secrets)).toContain(`{\\"username\\":\\"${role}\\"}`);
    }
    const rotations = Object.values(data.findResources('AWS::SecretsManager::RotationSchedule'));
    expect(rotations).toHaveLength(3);
    for (const rotation of rotations) {
      expect(rotation.Properties.RotationRules).toMatchObject({
        ScheduleExpression: 'rate(30 days)',
      });
      expect(JSON.stringify(rotation.Properties.RotationLambdaARN)).toContain(
        'DatabaseRolesRotator',
      );
    }
    const rotator = Object.values(data.findResources('AWS::Lambda::Function')).find((f) =>
      String(f.Properties.Description).startsWith('Rotates the database role secrets'),
    );
    // Through the Data API: no VPC.
    expect(rotator?.Properties.VpcConfig).toBeUndefined();
  });
});

describe('events and schedules', () => {
  it('keeps the bus and its archive with the data, and lets only our publishers put events', () => {
    data.resourceCountIs('AWS::Events::EventBus', 1);
    data.hasResourceProperties('AWS::Events::Archive', { RetentionDays: 7 });
    const policies = Object.values(template.findResources('AWS::Events::EventBusPolicy')).map(
      (p) => p.Properties.Statement,
    );
    const only = policies.find((st) => st.Sid === 'OnlyNamedPublishers');
    expect(only.Effect).toBe('Deny');
    const named = JSON.stringify(only.Condition.ArnNotEquals['aws:PrincipalArn']);
    for (const [id, fn] of Object.entries(functions)) {
      const role = String(fn.Properties.Role?.['Fn::GetAtt']?.[0]);
      expect(named.includes(`"${role}"`), id).toBe(specOf(fn)?.uses.includes('bus') ?? false);
    }
    const ownSource = policies.find((st) => st.Sid === 'OurFunctionsOnlyOurSource');
    expect(ownSource.Condition.StringNotEquals).toEqual({ 'events:source': 'study-analytics' });
  });

  it('routes Study Session Ended to award-points with retries and a watched dead-letter queue', () => {
    const [targetId] = functionOf('EventBridge target: Award gamification points');
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['study-analytics'], 'detail-type': ['Study Session Ended'] },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [targetId, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 21600 },
          DeadLetterConfig: Match.objectLike({ Arn: Match.anyValue() }),
        }),
      ],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('routes Study Session Changed to adjust-points and evaluate-goals, with retries and a dead-letter queue', () => {
    const [adjustId] = functionOf('EventBridge target: Adjust the points of a corrected');
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['study-analytics'], 'detail-type': ['Study Session Changed'] },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [adjustId, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 21600 },
          DeadLetterConfig: Match.objectLike({ Arn: Match.anyValue() }),
        }),
      ],
    });
    const [goalsId] = functionOf('EventBridge target: Record goal milestones');
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['study-analytics'],
        'detail-type': ['Study Session Ended', 'Study Session Changed'],
      },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [goalsId, 'Arn'] } })],
    });
  });

  it('sends report emails from SES as the configured identity, through its configuration set', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'example.edu',
      ConfigurationSetAttributes: { ConfigurationSetName: Match.anyValue() },
    });
    template.resourceCountIs('AWS::SES::ConfigurationSet', 1);
    data.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ PasswordLength: 48 }),
    });
  });

  it('sends bounces, complaints and deliveries to the default bus, where record-email-feedback has its rule', () => {
    const [setId] = Object.keys(template.findResources('AWS::SES::ConfigurationSet'));
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: { Ref: setId },
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: Match.arrayEquals(['bounce', 'complaint', 'delivery']),
        EventBridgeDestination: {
          EventBusArn: Match.objectLike({
            'Fn::Join': ['', Match.arrayWith([':event-bus/default'])],
          }),
        },
      }),
    });
    // The account-level suppression list, an account setting, is turned on by the SES v2 API.
    const calls = Object.values(template.findResources('Custom::AWS')).map((r) =>
      JSON.stringify(r.Properties),
    );
    expect(calls.filter((c) => c.includes('PutAccountSuppressionAttributes'))).toHaveLength(1);
    expect(calls.find((c) => c.includes('PutAccountSuppressionAttributes'))).toContain(
      'BOUNCE\\",\\"COMPLAINT',
    );

    const spec = eventRules.find((r) => r.target === 'record-email-feedback');
    const [id, fn] = functionOf(`EventBridge target: ${spec?.description}`);
    const rules = Object.values(template.findResources('AWS::Events::Rule')).filter((r) =>
      JSON.stringify(r.Properties.Targets).includes(`"${id}"`),
    );
    expect(rules).toHaveLength(1);
    expect(rules[0]?.Properties).toMatchObject({
      EventPattern: {
        source: ['aws.ses'],
        'detail-type': ['Email Bounced', 'Email Complaint Received'],
      },
      Targets: [
        expect.objectContaining({
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 86400 },
          DeadLetterConfig: expect.objectContaining({ Arn: expect.anything() }),
        }),
      ],
    });
    // No bus named: the rule is on the default bus, the only one SES publishes to.
    expect(rules[0]?.Properties.EventBusName).toBeUndefined();
    expect(fn.Properties.Environment.Variables.SES_CONFIGURATION_SET).toEqual({ Ref: setId });
    // It reads the database as the API role and touches neither SES nor the bus.
    const actions = actionsOf(id);
    expect(actions).toContain('rds-data:ExecuteStatement');
    expect(actions.filter((a) => /^(ses|events):/.test(a))).toEqual([]);
    expect(JSON.stringify(fn.Properties.Environment.Variables.DATABASE_SECRET_ARN)).toContain(
      'DatabaseRolesapisecret',
    );
  });

  it('sends report emails from one sender at a time, started by the builder’s event too', () => {
    const sender = schedules.find((sc) => sc.name === 'report-sender');
    const [id, fn] = functionOf(`Scheduled: ${sender?.description}`);
    expect(fn.Properties.ReservedConcurrentExecutions).toBe(1);
    expect(fn.Properties.Timeout).toBeLessThan(60);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['study-analytics'], 'detail-type': ['Report Deliveries Due'] },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [id, 'Arn'] } })],
    });
  });

  it('polls nothing more often than hourly, all at the same minute, so Aurora can pause', () => {
    const expressions = Object.values(template.findResources('AWS::Scheduler::Schedule')).map(
      (r) => r.Properties.ScheduleExpression as string,
    );
    expect(expressions.length).toBeGreaterThan(0);
    for (const expression of expressions) expect(expression).toMatch(/^cron\(0 (\*|\d+) /);
    // The sender has no schedule: the builder's event and its wake-up queue start it.
    expect(schedules.find((sc) => sc.name === 'report-sender')?.expression).toBeUndefined();
    expect(expressions).toHaveLength(schedules.filter((sc) => sc.expression).length);
  });

  it('starts each job from its wake-up queue, and only publishers may send to it', () => {
    for (const spec of wakeUpQueues) {
      const target = schedules.find((sc) => sc.name === spec.target);
      const [id] = functionOf(`Scheduled: ${target?.description}`);
      const mappings = Object.values(
        template.findResources('AWS::Lambda::EventSourceMapping'),
      ).filter((m) => m.Properties.FunctionName?.Ref === id);
      expect(mappings, spec.name).toHaveLength(1);
      const queueId = mappings[0]?.Properties.EventSourceArn['Fn::GetAtt'][0] as string;
      const queue = template.toJSON().Resources[queueId];
      // Failing wake-ups end in a dead-letter queue, not in silence.
      expect(queue.Properties.RedrivePolicy.maxReceiveCount).toBeGreaterThan(1);
      // Every function told the queue's URL may send to it; nobody else is told.
      for (const [fnId, fn] of Object.entries(functions)) {
        const url = fn.Properties.Environment?.Variables?.[spec.envName];
        const sends = statementsOf(fnId).some(
          (st) =>
            [st.Action].flat().includes('sqs:SendMessage') &&
            JSON.stringify(st.Resource).includes(queueId),
        );
        expect(Boolean(url), `${fn.Properties.Description} ${spec.envName}`).toBe(sends);
        if (url) expect(url).toEqual({ Ref: queueId });
      }
    }
    const [endId, end] = functionOf('PUT /api/analytics/sessions/{id}/end');
    expect(end.Properties.Environment.Variables.OUTBOX_RETRY_QUEUE_URL).toBeDefined();
    expect(actionsOf(endId)).toContain('sqs:SendMessage');
  });

  it('runs each schedule with retries and a dead-letter queue', () => {
    for (const schedule of schedules.filter((sc) => sc.expression)) {
      const [id] = functionOf(`Scheduled: ${schedule.description}`);
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: schedule.expression,
        Target: Match.objectLike({
          Arn: { 'Fn::GetAtt': [id, 'Arn'] },
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 2 }),
          DeadLetterConfig: Match.objectLike({ Arn: Match.anyValue() }),
        }),
      });
    }
  });
});

describe('the dashboard', () => {
  it('is served by CloudFront behind WAF from a private bucket, with the API under /api/*', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          // Dashboard routes become index.html per request: error pages would hide API 404s.
          FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' })],
        }),
        CustomErrorResponses: Match.absent(),
        CacheBehaviors: [
          Match.objectLike({
            PathPattern: '/api/*',
            AllowedMethods: Match.arrayWith(['PUT', 'POST', 'DELETE']),
            // Managed CachingDisabled and AllViewerExceptHostHeader (forwards Authorization).
            CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
            OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
            ViewerProtocolPolicy: 'https-only',
          }),
        ],
        Origins: [
          Match.objectLike({ OriginAccessControlId: Match.anyValue() }),
          Match.objectLike({
            DomainName: { 'Fn::Join': ['', Match.arrayWith(['.execute-api.us-east-1.'])] },
            CustomOriginConfig: {
              OriginProtocolPolicy: 'https-only',
              OriginSSLProtocols: ['TLSv1.2'],
            },
          }),
        ],
        WebACLId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FirewallWebAcl'), 'Arn'] },
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
      }),
    });
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      Rules: [
        Match.objectLike({
          Statement: {
            ManagedRuleGroupStatement: Match.objectLike({ Name: 'AWSManagedRulesCommonRuleSet' }),
          },
        }),
        Match.objectLike({
          Statement: {
            ManagedRuleGroupStatement: Match.objectLike({
              Name: 'AWSManagedRulesKnownBadInputsRuleSet',
            }),
          },
        }),
        Match.objectLike({
          Action: { Block: {} },
          Statement: {
            RateBasedStatement: { Limit: 1000, AggregateKeyType: 'IP', EvaluationWindowSec: 300 },
          },
        }),
      ],
    });
    const [headers] = Object.values(
      template.findResources('AWS::CloudFront::ResponseHeadersPolicy'),
    );
    const security = headers?.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(security.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    const csp = JSON.stringify(security.ContentSecurityPolicy);
    expect(csp).toContain("frame-ancestors 'none'");
    // The API is on the dashboard's origin; sign-in by its exact origin, no wildcard.
    expect(csp).not.toContain('execute-api');
    expect(csp).not.toContain('*');
    expect(csp).toContain("connect-src 'self' https://");
    expect(csp).toContain('.auth.us-east-1.amazoncognito.com');
    // Only CloudFront may read the bucket.
    const policies = JSON.stringify(template.findResources('AWS::S3::BucketPolicy'));
    expect(policies).toContain('cloudfront.amazonaws.com');
  });

  it('signs in with the Cognito hosted UI: a public client with the code flow (PKCE)', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: Match.arrayWith(['openid']),
      GenerateSecret: false,
      CallbackURLs: [
        {
          'Fn::Join': ['', ['https://', Match.anyValue(), '/dashboard/callback']],
        },
      ],
    });
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AccessTokenValidity: 60,
      RefreshTokenValidity: 43200,
      TokenValidityUnits: Match.objectLike({ AccessToken: 'minutes', RefreshToken: 'minutes' }),
      PreventUserExistenceErrors: 'ENABLED',
    });
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true }) },
      UserPoolTier: 'ESSENTIALS',
    });
  });

  it('links report emails to the dashboard given as context', () => {
    const [, sender] = functionOf(
      `Scheduled: ${schedules.find((sc) => sc.name === 'report-sender')?.description}`,
    );
    expect(sender.Properties.Environment.Variables.DASHBOARD_URL).toBe(
      'https://dashboard.example.com/dashboard/reports',
    );
  });
});

describe('Lambda timeouts', () => {
  it('are the ones the local stand-ins enforce, from the same table', () => {
    const expected = (spec: NonNullable<ReturnType<typeof specOf>>) =>
      'method' in spec
        ? HTTP_TIMEOUT_SECONDS
        : 'eventPattern' in spec
          ? eventTargetTimeoutSeconds(spec)
          : spec.timeoutSeconds;
    let checked = 0;
    for (const fn of Object.values(functions)) {
      const spec = specOf(fn);
      if (!spec) continue;
      expect(fn.Properties.Timeout, String(fn.Properties.Description)).toBe(expected(spec));
      checked++;
    }
    expect(checked).toBe(
      httpRoutes.length + schedules.length + eventRules.filter((r) => !r.targetIsSchedule).length,
    );
  });
});
