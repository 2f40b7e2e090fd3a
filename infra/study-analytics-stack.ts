import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { Resource } from '../functions/platform/route-spec';
import {
  eventRules,
  eventTargetEntry,
  eventTargetTimeoutSeconds,
  scheduleEntry,
  schedules,
  wakeUpQueues,
} from '../functions/routes';
import { Alerts } from './alerts';
import { Api } from './api';
import { Auth, type AuthProps } from './auth';
import { BusPolicy } from './bus-policy';
import type { DataStack } from './data-stack';
import { EmailFeedback } from './email-feedback';
import { Events } from './events';
import { FailureDestinations } from './failure-destinations';
import { Firewall } from './firewall';
import { HouseFunction } from './house-function';
import { Monitoring } from './monitoring';
import { acknowledgeCdkSingletons } from './nag';
import { Reports, type ReportsProps } from './reports';
import { Schedules } from './schedules';
import type { StageConfig } from './stages';
import { WakeUps } from './wake-ups';
import { DASHBOARD_REPORTS_PATH, Web } from './web';

export interface StudyAnalyticsStackProps extends StackProps {
  readonly config: StageConfig;
  /** The stateful stack: database, secrets, log bucket, event bus. */
  readonly data: DataStack;
  /** Origins other than the dashboard (which shares the API's origin) allowed by CORS. */
  readonly corsAllowedOrigins: readonly string[];
  readonly auth: AuthProps;
  /** The platform's gamification HTTP API, if awards should also be POSTed there. */
  readonly gamificationUrl?: string;
  readonly reports: Omit<ReportsProps, 'unsubscribeSecret'>;
  /** Where report emails link to; the dashboard's own URL when it is deployed here. */
  readonly dashboardUrl?: string;
}

/**
 * The stateless part: functions, the HTTP API with its authorizer and limits, rules and
 * schedules, the dashboard's CloudFront distribution behind WAF. It can be torn down and
 * deployed again without losing anything.
 */
export class StudyAnalyticsStack extends Stack {
  constructor(scope: Construct, id: string, props: StudyAnalyticsStackProps) {
    super(scope, id, props);
    const { config, data } = props;
    const database = data.database;
    const events = new Events(this, 'Events', data.bus);
    const alerts = new Alerts(this, 'Alerts', { email: config.alertEmail });
    const monitoring = new Monitoring(this, 'Monitoring', alerts);
    const failures = new FailureDestinations(this, 'OnFailure');
    const wakeUps = new WakeUps(this, 'WakeUps', wakeUpQueues);
    const firewall = new Firewall(this, 'Firewall', {
      requestsPer5MinutesPerIp: config.wafRequestsPer5MinutesPerIp,
    });
    const web = new Web(this, 'Web', {
      logs: data.logs,
      webAclArn: firewall.webAcl.attrArn,
      domainName: config.domainName,
      certificateArn: config.certificateArn,
    });
    const auth = new Auth(this, 'Auth', {
      ...props.auth,
      dashboardUrl: web.url,
      domainPrefix: props.auth.domainPrefix ?? `${this.stackName.toLowerCase()}-${this.account}`,
      threatProtection: config.threatProtection,
      protect: config.protectDatabase,
    });
    // The dashboard calls the API on its own origin and the sign-in endpoints by exact origin.
    web.allowConnectTo(
      auth.hostedUiUrl ?? (props.auth.issuer ? new URL(props.auth.issuer).origin : ''),
    );

    const reports = new Reports(this, 'Reports', {
      ...props.reports,
      unsubscribeSecret: data.unsubscribeSecret,
    });
    const emailFeedback = new EmailFeedback(this, 'EmailFeedback', reports.configurationSet);
    // Emails link to the API (unsubscribe) and the dashboard, on the dashboard's origin.
    const publicApiUrl = `${web.url}/api/analytics`;
    const links = {
      publicApiUrl,
      dashboardUrl: props.dashboardUrl ?? `${web.url}${DASHBOARD_REPORTS_PATH}`,
    };

    // A function gets exactly the resources its table entry names, and nothing else.
    const publishers: LambdaFunction[] = [];
    const binders: Record<Resource, (fn: LambdaFunction) => void> = {
      database: (fn) => database.bind(fn, 'api'),
      'database-batch': (fn) => database.bind(fn, 'batch'),
      bus: (fn) => {
        events.bind(fn);
        wakeUps.bindSender(fn, 'bus');
        publishers.push(fn);
      },
      'report-sender-queue': (fn) => wakeUps.bindSender(fn, 'report-sender-queue'),
      email: (fn) => reports.bindSending(fn),
      'email-links': (fn) => reports.bindLinks(fn, links),
      'signing-secret': (fn) => reports.bindSigningSecret(fn),
      'email-events': (fn) => emailFeedback.bind(fn),
    };
    const bindAll = (uses: readonly Resource[], fn: LambdaFunction) => {
      for (const resource of uses) binders[resource](fn);
    };

    const api = new Api(this, 'Api', {
      corsAllowedOrigins: props.corsAllowedOrigins,
      authorizer: auth.authorizer(),
      limits: config,
      bindRoute: (route, fn) => {
        bindAll(route.uses, fn);
        if (route.auth) auth.bind(fn);
      },
    });
    web.routeApi(api.httpApi);

    const scheduler = new Schedules(this, 'Schedules');
    const scheduleFunctions = new Map<string, HouseFunction>();
    for (const schedule of schedules) {
      const fn = new HouseFunction(this, `Schedule-${schedule.name}`, {
        entry: scheduleEntry(schedule),
        description: `Scheduled: ${schedule.description}`,
        timeout: Duration.seconds(schedule.timeoutSeconds),
        reservedConcurrentExecutions: schedule.maxConcurrency,
      });
      bindAll(schedule.uses, fn);
      if (schedule.expression) scheduler.add({ ...schedule, expression: schedule.expression }, fn);
      scheduleFunctions.set(schedule.name, fn);
      failures.add(schedule.name, fn);
    }
    wakeUps.attachTargets((name) => {
      const fn = scheduleFunctions.get(name);
      if (!fn) throw new Error(`No schedule ${name} for its wake-up queue`);
      return fn;
    });
    for (const [name, { queue, deadLetters }] of wakeUps.queues) {
      monitoring.watchQueue(`${name}-dlq`, deadLetters, 'A job failed every run a wake-up started');
      // Delayed and in-flight messages are invisible: visible ones for 15 minutes are not read.
      monitoring.watchQueue(name, queue, 'Wake-ups are not starting their job', 15);
    }
    monitoring.watchQueue(
      'schedules-dlq',
      scheduler.deadLetters,
      'Scheduler could not invoke a job',
    );

    const eventFunctions: LambdaFunction[] = [];
    for (const rule of eventRules) {
      const scheduled = rule.targetIsSchedule ? scheduleFunctions.get(rule.target) : undefined;
      if (rule.targetIsSchedule && !scheduled) throw new Error(`No schedule ${rule.target}`);
      const fn =
        scheduled ??
        new HouseFunction(this, `Event-${rule.target}`, {
          entry: eventTargetEntry(rule),
          description: `EventBridge target: ${rule.description}`,
          timeout: Duration.seconds(eventTargetTimeoutSeconds(rule)),
          environment: props.gamificationUrl ? { GAMIFICATION_URL: props.gamificationUrl } : {},
        });
      if (!scheduled) bindAll(rule.uses, fn);
      eventFunctions.push(fn);
      const { deadLetters, alarm } = events.addRule(rule, fn);
      monitoring.adoptQueueAlarm(`${rule.name}-dlq`, deadLetters, alarm);
      failures.add(rule.target, fn);
    }
    for (const [name, queue] of failures.queues) {
      monitoring.watchQueue(`${name}-on-failure`, queue, `${name} failed every retry`);
    }

    monitoring.watchFunctions('Api', [...api.functions.values()]);
    monitoring.watchFunctions('Async', [
      ...new Set([...scheduleFunctions.values(), ...eventFunctions]),
    ]);
    monitoring.watchApi(api.httpApi);
    monitoring.watchEvents();
    monitoring.watchReports();
    monitoring.watchDatabase(database.cluster, config.databaseMaxCapacity);
    monitoring.finish();

    new BusPolicy(this, 'BusPolicy', {
      bus: data.bus,
      publishers: publishers.map((fn) => {
        if (!fn.role) throw new Error(`${fn.node.path} has no role`);
        return fn.role;
      }),
      classEventPublishers: config.classEventPublishers,
    });

    web.deploy({
      apiUrl: publicApiUrl,
      clientId: auth.client?.userPoolClientId ?? props.auth.dashboardClientId ?? '',
      ...(auth.hostedUiUrl
        ? {
            authorizeUrl: `${auth.hostedUiUrl}/oauth2/authorize`,
            tokenUrl: `${auth.hostedUiUrl}/oauth2/token`,
            logoutUrl: `${auth.hostedUiUrl}/logout`,
          }
        : { issuer: props.auth.issuer }),
    });

    acknowledgeCdkSingletons(this);
    new CfnOutput(this, 'DashboardUrl', { value: web.url });
    new CfnOutput(this, 'ApiUrl', { value: publicApiUrl });
    new CfnOutput(this, 'ExecuteApiEndpoint', {
      value: api.endpoint,
      description: 'Reachable directly, without WAF (docs/edge.md)',
    });
    if (auth.userPool && auth.client) {
      new CfnOutput(this, 'UserPoolId', { value: auth.userPool.userPoolId });
      new CfnOutput(this, 'UserPoolClientId', { value: auth.client.userPoolClientId });
    }
  }
}
