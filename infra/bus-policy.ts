import { CfnEventBusPolicy, type IEventBus } from 'aws-cdk-lib/aws-events';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { CLASS_EVENT_SOURCE } from '../functions/contracts/class-events';
import { EVENT_SOURCE } from '../functions/contracts/events';
import { acknowledge } from './nag';

export interface BusPolicyProps {
  readonly bus: IEventBus;
  /** The roles of our functions that publish (source `study-analytics`). */
  readonly publishers: readonly IRole[];
  /** Other principals (role ARNs) that may publish, each only with the class events' source. */
  readonly classEventPublishers: readonly string[];
}

/**
 * Who may put events on the bus, whatever their IAM policies say: our publishing functions
 * only with our source, the named class-management principals only with theirs, nobody else.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html
 */
export class BusPolicy extends Construct {
  constructor(scope: Construct, id: string, props: BusPolicyProps) {
    super(scope, id);
    const ours = props.publishers.map((role) => role.roleArn);
    const theirs = [...props.classEventPublishers];
    const statement = (sid: string, body: Record<string, unknown>) =>
      new CfnEventBusPolicy(this, sid, {
        eventBusName: props.bus.eventBusName,
        statementId: sid,
        statement: {
          Sid: sid,
          Action: 'events:PutEvents',
          Resource: props.bus.eventBusArn,
          ...body,
        },
      });
    const deny = (sid: string, condition: Record<string, Record<string, unknown>>) =>
      statement(sid, { Effect: 'Deny', Principal: '*', Condition: condition });
    acknowledge(this, [
      {
        id: 'AwsSolutions-EVB1',
        reason:
          'These statements deny (principal "*" is whom they deny); the only allow names principals.',
      },
    ]);
    deny('OnlyNamedPublishers', { ArnNotEquals: { 'aws:PrincipalArn': [...ours, ...theirs] } });
    deny('OurFunctionsOnlyOurSource', {
      ArnEquals: { 'aws:PrincipalArn': ours },
      StringNotEquals: { 'events:source': EVENT_SOURCE },
    });
    if (theirs.length === 0) return;
    deny('ClassPublishersOnlyTheirSource', {
      ArnEquals: { 'aws:PrincipalArn': theirs },
      StringNotEquals: { 'events:source': CLASS_EVENT_SOURCE },
    });
    // Another account's principals also need an allow here (ours have it in their IAM policy).
    statement('ClassPublishers', {
      Effect: 'Allow',
      Principal: { AWS: theirs },
      Condition: { StringEquals: { 'events:source': CLASS_EVENT_SOURCE } },
    });
  }
}
