/**
 * Failures reach a queue and a person: every asynchronously invoked function has an on-failure
 * destination, every queue and alarm is watched and notifies, the stack stays far below
 * CloudFormation's resource limit. Both stages, synthesised without bundling.
 */
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventRules, httpRoutes, schedules } from '../../functions/routes';
import { ASYNC_MAX_EVENT_AGE, ASYNC_RETRY_ATTEMPTS } from '../../infra/failure-destinations';
import { nagFindings } from '../../infra/nag';
import { buildStacks } from '../../infra/stacks';
import { STAGES, type StageName } from '../../infra/stages';

type Resource = { Type: string; Properties: Record<string, any> };

interface Synthesised {
  app: App;
  service: Template;
  data: Template;
  stackName: string;
}

function synthesise(context: Record<string, string>): Synthesised {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const { service, data } = buildStacks(app, (key) => context[key]);
  return {
    app,
    service: Template.fromStack(service),
    data: Template.fromStack(data),
    stackName: service.stackName,
  };
}

const stages: Record<StageName, Synthesised> = {} as never;
beforeAll(() => {
  stages.dev = synthesise({ stage: 'dev', alertEmail: 'ops@example.edu' });
  stages.prod = synthesise({ stage: 'prod' });
  // Synthesis is CPU-bound and slow on a busy machine: no deadline (0) rather than a guess.
}, 0);

const resources = (t: Template, type: string) => t.findResources(type) as Record<string, Resource>;

/** Our functions invoked asynchronously: event-rule targets and scheduled jobs. */
const asyncDescriptions = [
  ...eventRules
    .filter((r) => !r.targetIsSchedule)
    .map((r) => `EventBridge target: ${r.description}`),
  ...schedules.map((s) => `Scheduled: ${s.description}`),
];

describe.each(['dev', 'prod'] as const)('stage %s', (name) => {
  const get = () => stages[name];

  it('gives every asynchronously invoked function an encrypted, 14-day on-failure queue with explicit retries and event age', () => {
    const { service } = get();
    const functions = resources(service, 'AWS::Lambda::Function');
    const configs = Object.values(resources(service, 'AWS::Lambda::EventInvokeConfig'));
    const queues = resources(service, 'AWS::SQS::Queue');
    for (const description of asyncDescriptions) {
      const ids = Object.entries(functions)
        .filter(([, f]) => f.Properties.Description === description)
        .map(([id]) => id);
      expect(ids, description).toHaveLength(1);
      const config = configs.find((c) => c.Properties.FunctionName.Ref === ids[0]);
      expect(config, description).toBeDefined();
      expect(config?.Properties).toMatchObject({
        MaximumRetryAttempts: ASYNC_RETRY_ATTEMPTS,
        MaximumEventAgeInSeconds: ASYNC_MAX_EVENT_AGE.toSeconds(),
        Qualifier: '$LATEST',
      });
      const destination = config?.Properties.DestinationConfig.OnFailure.Destination;
      const queueId = destination['Fn::GetAtt'][0];
      expect(queues[queueId]?.Properties, description).toMatchObject({
        MessageRetentionPeriod: 14 * 24 * 3600,
        SqsManagedSseEnabled: true,
      });
      // The function's role may send to its destination (Lambda sends as the function).
      const role = functions[ids[0] as string]?.Properties.Role['Fn::GetAtt'][0];
      const policies = Object.values(resources(service, 'AWS::IAM::Policy')).filter((p) =>
        JSON.stringify(p.Properties.Roles).includes(`"${role}"`),
      );
      expect(JSON.stringify(policies)).toContain(`"${queueId}"`);
      expect(JSON.stringify(policies)).toContain('sqs:SendMessage');
    }
    // Scheduler and EventBridge keep their own dead-letter queues for failed deliveries.
    expect(configs).toHaveLength(asyncDescriptions.length);
    for (const rule of Object.values(resources(service, 'AWS::Events::Rule'))) {
      for (const target of rule.Properties.Targets) {
        expect(target.DeadLetterConfig?.Arn).toBeDefined();
      }
    }
    for (const schedule of Object.values(resources(service, 'AWS::Scheduler::Schedule'))) {
      expect(schedule.Properties.Target.DeadLetterConfig?.Arn).toBeDefined();
    }
  });

  it('watches every queue with an alarm on messages waiting', () => {
    const { service } = get();
    const alarms = Object.values(resources(service, 'AWS::CloudWatch::Alarm'));
    for (const queueId of Object.keys(resources(service, 'AWS::SQS::Queue'))) {
      const watching = alarms.filter(
        (a) =>
          a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible' &&
          JSON.stringify(a.Properties.Dimensions).includes(`"${queueId}"`),
      );
      expect(watching, queueId).toHaveLength(1);
      expect(watching[0]?.Properties).toMatchObject({
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    }
  });

  it('sends every alarm to the one alert topic, going off and recovering', () => {
    const { service } = get();
    const topics = Object.keys(resources(service, 'AWS::SNS::Topic'));
    expect(topics).toHaveLength(1);
    const alarms = Object.entries(resources(service, 'AWS::CloudWatch::Alarm'));
    expect(alarms.length).toBeGreaterThan(20);
    for (const [id, alarm] of alarms) {
      expect(alarm.Properties.AlarmActions, id).toEqual([{ Ref: topics[0] }]);
      expect(alarm.Properties.OKActions, id).toEqual([{ Ref: topics[0] }]);
    }
  });

  it('watches errors, throttles and duration of every function through grouped metric math', () => {
    const { service } = get();
    const functions = resources(service, 'AWS::Lambda::Function');
    const ours = Object.entries(functions).filter(([id, f]) => {
      const description = String(f.Properties.Description ?? '');
      return (
        !description.startsWith('AWS CDK resource provider') &&
        !id.startsWith('CustomCDKBucketDeployment') &&
        (httpRoutes.some((r) => description.startsWith(`${r.method} ${r.path}:`)) ||
          asyncDescriptions.includes(description))
      );
    });
    expect(ours.length).toBe(httpRoutes.length + asyncDescriptions.length);
    const alarms = Object.values(resources(service, 'AWS::CloudWatch::Alarm'));
    const watchedBy = (metricName: string) =>
      alarms
        .filter((a) => a.Properties.Metrics)
        .flatMap((a) => a.Properties.Metrics as Record<string, any>[])
        .filter((m) => m.MetricStat?.Metric.MetricName === metricName)
        .map((m) => m.MetricStat.Metric.Dimensions[0].Value.Ref);
    for (const metric of ['Errors', 'Throttles', 'Duration']) {
      const watched = watchedBy(metric);
      for (const [id] of ours) expect(watched, `${metric} of ${id}`).toContain(id);
    }
    for (const alarm of alarms.filter((a) => a.Properties.Metrics)) {
      const fetched = alarm.Properties.Metrics.filter((m: Record<string, any>) => m.MetricStat);
      expect(fetched.length).toBeLessThanOrEqual(10);
    }
    // The duration threshold is a share of each function's own timeout.
    const duration = alarms.find((a) =>
      JSON.stringify(a.Properties.Metrics ?? []).includes('"Duration"'),
    );
    const expression = duration?.Properties.Metrics.find(
      (m: Record<string, any>) => m.ReturnData !== false && m.Expression,
    );
    expect(expression?.Expression).toMatch(/^100 \* MAX\(\[FILL\(\w+, 0\) \/ \d+/);
  });

  it('alarms on API 5xx rate and p99 latency, outbox age, abandoned emails, Aurora at max and SES reputation', () => {
    const { service, stackName } = get();
    const alarms = Object.values(resources(service, 'AWS::CloudWatch::Alarm'));
    const json = alarms.map((a) => JSON.stringify(a.Properties));
    const has = (...parts: string[]) => json.some((j) => parts.every((p) => j.includes(p)));
    expect(has('"5xx"', '"Count"', 'IF(requests >= 20')).toBe(true);
    expect(has('"Latency"', '"p99"', '"Threshold":3000')).toBe(true);
    expect(
      has('"OutboxBacklogAge"', `"Namespace":"${stackName}"`, '"Threshold":300', '"Maximum"'),
    ).toBe(true);
    expect(has('"EmailsAbandoned"', `"Namespace":"${stackName}"`, '"Threshold":0')).toBe(true);
    expect(
      has(
        '"ServerlessDatabaseCapacity"',
        `"Threshold":${STAGES[name].databaseMaxCapacity}`,
        'GreaterThanOrEqualToThreshold',
      ),
    ).toBe(true);
    expect(has('"Reputation.BounceRate"', '"Threshold":0.02')).toBe(true);
    expect(has('"Reputation.ComplaintRate"', '"Threshold":0.0005')).toBe(true);
  });

  it('publishes the functions’ metrics to the stack’s own namespace', () => {
    const { service, stackName } = get();
    for (const fn of Object.values(resources(service, 'AWS::Lambda::Function'))) {
      const variables = fn.Properties.Environment?.Variables ?? {};
      if (variables.POWERTOOLS_SERVICE_NAME === undefined) continue;
      expect(variables.POWERTOOLS_METRICS_NAMESPACE).toBe(stackName);
    }
  });

  it('has a dashboard with the golden signals of sessions, events, reports and the database', () => {
    const { service } = get();
    const dashboards = Object.values(resources(service, 'AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]?.Properties.DashboardBody);
    for (const text of [
      '## Sessions',
      '## Events',
      '## Reports',
      '## Database',
      'SessionsStarted',
      'PointsAwarded',
      'OutboxBacklogAge',
      'EmailsSent',
      'ServerlessDatabaseCapacity',
      'Latency',
    ]) {
      expect(body, text).toContain(text);
    }
  });

  // CloudFormation refuses a stack of more than 500 resources: the service stack is near it
  // (five functions each add a role, policy, log group, alarms…), so it is the next thing to split.
  it('stays under 480 resources in each stack', () => {
    const { service, data } = get();
    for (const template of [service, data]) {
      const count = Object.keys(template.toJSON().Resources).length;
      expect(count).toBeLessThan(480);
    }
  });

  it('passes cdk-nag with every acknowledgement explained', () => {
    const open = nagFindings(get().app).filter((f) => f.reason === undefined);
    expect(open.map((f) => `${f.rule} at ${f.path}`)).toEqual([]);
  });
});

describe('the alert topic', () => {
  it('emails the stage’s alertEmail', () => {
    stages.dev.service.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.edu',
      TopicArn: Match.anyValue(),
    });
    stages.prod.service.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});

describe('report email links', () => {
  it('point to the deployed dashboard’s reports page when no dashboardUrl is given', () => {
    const functions = Object.values(resources(stages.dev.service, 'AWS::Lambda::Function'));
    const linked = functions.filter(
      (f) => f.Properties.Environment?.Variables?.DASHBOARD_URL !== undefined,
    );
    expect(linked.length).toBeGreaterThan(0);
    for (const fn of linked) {
      const url = JSON.stringify(fn.Properties.Environment.Variables.DASHBOARD_URL);
      expect(url).not.toContain('openapi.json');
      expect(url).toContain('WebDistribution');
      expect(url).toContain('/dashboard/reports');
    }
  });
});

describe('the Cognito user pool', () => {
  it('sends its own emails through the SES identity when one is configured, else Cognito’s default', () => {
    const configured = synthesise({
      stage: 'dev',
      reportsIdentity: 'example.edu',
      reportsFromAddress: 'Study Analytics <reports@example.edu>',
    });
    configured.service.hasResourceProperties('AWS::Cognito::UserPool', {
      EmailConfiguration: Match.objectLike({
        EmailSendingAccount: 'DEVELOPER',
        From: 'Study Analytics <reports@example.edu>',
        SourceArn: Match.anyValue(),
      }),
    });
    const pool = Object.values(resources(configured.service, 'AWS::Cognito::UserPool'))[0];
    expect(JSON.stringify(pool?.Properties.EmailConfiguration.SourceArn)).toContain(
      'identity/example.edu',
    );
    const pools = Object.values(resources(stages.prod.service, 'AWS::Cognito::UserPool'));
    expect(pools[0]?.Properties.EmailConfiguration?.EmailSendingAccount).not.toBe('DEVELOPER');
  }, 0);
});
