import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import {
  eventRules,
  eventTargetEntry,
  type Resource,
  scheduleEntry,
  schedules,
} from '../functions/routes';
import { Api } from './api';
import { Auth, type AuthProps } from './auth';
import { Database } from './database';
import { Events } from './events';
import { HouseFunction } from './house-function';
import { Reports, type ReportsProps } from './reports';
import { Schedules } from './schedules';
import { Web } from './web';

export interface StudyAnalyticsStackProps extends StackProps {
  readonly databaseMinCapacity: number;
  readonly databaseMaxCapacity: number;
  readonly corsAllowedOrigins: readonly string[];
  readonly auth: AuthProps;
  /** The platform's gamification HTTP API, if awards should also be POSTed there. */
  readonly gamificationUrl?: string;
  readonly reports: ReportsProps;
  /** Where report emails link to; the dashboard's own URL when it is deployed here. */
  readonly dashboardUrl?: string;
}

export class StudyAnalyticsStack extends Stack {
  constructor(scope: Construct, id: string, props: StudyAnalyticsStackProps) {
    super(scope, id, props);
    const database = new Database(this, 'Database', {
      minCapacity: props.databaseMinCapacity,
      maxCapacity: props.databaseMaxCapacity,
    });
    const events = new Events(this, 'Events');
    // The dashboard calls the API and the sign-in endpoints (Cognito or the configured issuer).
    const web = new Web(this, 'Web', [
      `https://*.execute-api.${this.region}.amazonaws.com`,
      props.auth.issuer ? new URL(props.auth.issuer).origin : `https://*.amazoncognito.com`,
    ]);
    const auth = new Auth(this, 'Auth', {
      ...props.auth,
      dashboardUrl: web.url,
      domainPrefix: props.auth.domainPrefix ?? `${this.stackName.toLowerCase()}-${this.account}`,
    });

    const reports = new Reports(this, 'Reports', props.reports);
    // Emails link to the API (unsubscribe) and the dashboard; set once the API exists.
    let links: { publicApiUrl: string; dashboardUrl: string } | undefined;

    // A function gets exactly the resources its table entry names, and nothing else.
    const binders: Record<Resource, (fn: LambdaFunction) => void> = {
      database: (fn) => database.bind(fn),
      bus: (fn) => events.bind(fn),
      email: (fn) => reports.bindSending(fn),
      'email-links': (fn) => {
        if (!links) throw new Error('Email links are bound before the API exists');
        reports.bindLinks(fn, links);
      },
      'signing-secret': (fn) => reports.bindSigningSecret(fn),
    };
    const bindAll = (uses: readonly Resource[], fn: LambdaFunction) => {
      for (const resource of uses) binders[resource](fn);
    };

    const api = new Api(this, 'Api', {
      corsAllowedOrigins: [web.url, ...props.corsAllowedOrigins],
      onCreated: (httpApi) => {
        const publicApiUrl = `${httpApi.apiEndpoint}/api/analytics`;
        links = {
          publicApiUrl,
          dashboardUrl: props.dashboardUrl ?? `${publicApiUrl}/openapi.json`,
        };
      },
      bindRoute: (route, fn) => {
        bindAll(route.uses, fn);
        if (route.auth) auth.bind(fn);
      },
    });

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
      scheduler.add(schedule, fn);
      scheduleFunctions.set(schedule.name, fn);
    }

    for (const rule of eventRules) {
      const scheduled = rule.targetIsSchedule ? scheduleFunctions.get(rule.target) : undefined;
      if (rule.targetIsSchedule && !scheduled) throw new Error(`No schedule ${rule.target}`);
      const fn =
        scheduled ??
        new HouseFunction(this, `Event-${rule.target}`, {
          entry: eventTargetEntry(rule),
          description: `EventBridge target: ${rule.description}`,
          timeout: Duration.seconds(30),
          environment: props.gamificationUrl ? { GAMIFICATION_URL: props.gamificationUrl } : {},
        });
      if (!scheduled) bindAll(rule.uses, fn);
      events.addRule(rule, fn);
    }

    web.deploy({
      apiUrl: `${api.httpApi.apiEndpoint}/api/analytics`,
      clientId: auth.client?.userPoolClientId ?? props.auth.dashboardClientId ?? '',
      ...(auth.hostedUiUrl
        ? {
            authorizeUrl: `${auth.hostedUiUrl}/oauth2/authorize`,
            tokenUrl: `${auth.hostedUiUrl}/oauth2/token`,
            logoutUrl: `${auth.hostedUiUrl}/logout`,
          }
        : { issuer: props.auth.issuer }),
    });

    new CfnOutput(this, 'DashboardUrl', { value: web.url });
    new CfnOutput(this, 'ApiUrl', { value: api.httpApi.apiEndpoint });
    new CfnOutput(this, 'ClusterArn', { value: database.cluster.clusterArn });
    new CfnOutput(this, 'SecretArn', { value: database.cluster.secret?.secretArn ?? '' });
    new CfnOutput(this, 'EventBusName', { value: events.bus.eventBusName });
    new CfnOutput(this, 'EventBusArn', { value: events.bus.eventBusArn });
    if (auth.userPool && auth.client) {
      new CfnOutput(this, 'UserPoolId', { value: auth.userPool.userPoolId });
      new CfnOutput(this, 'UserPoolClientId', { value: auth.client.userPoolClientId });
    }
  }
}
