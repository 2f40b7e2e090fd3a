/**
 * cdk-nag's AwsSolutions and Serverless packs over the whole app. A finding fails synthesis
 * unless it is acknowledged in code, next to the construct, with its reason. An
 * acknowledgement may name one finding of a rule by pattern (`finding`), since findings carry
 * logical ids that CDK derives at synthesis.
 */
import type {
  IPolicyValidationContextBeta1,
  IPolicyValidationPluginBeta1,
  PolicyValidationPluginReportBeta1,
  PolicyViolationBeta1,
  Stack,
} from 'aws-cdk-lib';
import { AwsSolutionsChecks, type NagPack, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

export interface Acknowledgement {
  /** Rule id, e.g. `AwsSolutions-IAM5`. */
  readonly id: string;
  /** Why the finding is acceptable here; at least a sentence. */
  readonly reason: string;
  /** Only the findings of the rule matching this, e.g. `/^Resource::\*$/` for IAM5. */
  readonly finding?: RegExp;
  /** Acknowledged only when true (e.g. a stage setting); default true. */
  readonly when?: boolean;
}

const METADATA_KEY = 'study-analytics:nag-acknowledgement';

export function acknowledge(scope: IConstruct, acknowledgements: readonly Acknowledgement[]): void {
  for (const { id, reason, finding, when } of acknowledgements) {
    if (when === false) continue;
    if (reason.trim().length < 20) throw new Error(`Acknowledgement of ${id} needs a reason`);
    scope.node.addMetadata(METADATA_KEY, { id, reason, finding: finding?.source });
  }
}

export interface NagFinding {
  readonly rule: string;
  readonly path: string;
  readonly description: string;
  /** The acknowledgement's reason, when there is one. */
  readonly reason?: string;
}

const splitRule = (rule: string) => {
  const match = /^([^[]+)(?:\[(.*)\])?$/.exec(rule);
  return { id: match?.[1] ?? rule, finding: match?.[2] ?? '' };
};

function reasonFor(construct: IConstruct | undefined, rule: string): string | undefined {
  const { id, finding } = splitRule(rule);
  for (let node = construct; node; node = node.node.scope) {
    for (const entry of node.node.metadata) {
      if (entry.type !== METADATA_KEY) continue;
      const data = entry.data as { id: string; reason: string; finding?: string };
      if (data.id !== id) continue;
      if (data.finding === undefined || new RegExp(data.finding).test(finding)) return data.reason;
    }
  }
  return undefined;
}

const packs = (): NagPack[] => [new AwsSolutionsChecks(), new ServerlessChecks()];

/** Every finding of both packs in `scope`, with the reason of those acknowledged. */
export function nagFindings(scope: IConstruct): NagFinding[] {
  // cdk-nag's EventBridge rule reads a deprecated property of every bus policy; the warning is
  // cdk-nag's to fix, not ours, and would be the only noise of a quiet synth.
  process.env.JSII_DEPRECATED ??= 'quiet';
  const byPath = new Map(scope.node.findAll().map((c) => [c.node.path, c]));
  return packs().flatMap((pack) =>
    pack.validateScope(scope).violations.flatMap((violation) =>
      violation.violatingResources.map((resource) => {
        const path = resource.constructPath ?? resource.resourceLogicalId ?? '';
        return {
          rule: violation.ruleName,
          path,
          description: violation.description,
          reason: reasonFor(byPath.get(path), violation.ruleName),
        };
      }),
    ),
  );
}

/** A validation plugin failing synthesis on any unacknowledged finding. */
export class AcknowledgedNagChecks implements IPolicyValidationPluginBeta1 {
  readonly name = 'cdk-nag (AwsSolutions, Serverless) with acknowledgements';

  constructor(private readonly app: IConstruct) {}

  validate(_context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 {
    const open = nagFindings(this.app).filter((f) => f.reason === undefined);
    const violations: PolicyViolationBeta1[] = [];
    for (const finding of open) {
      let violation = violations.find((v) => v.ruleName === finding.rule);
      if (!violation) {
        violation = {
          ruleName: finding.rule,
          description: finding.description,
          violatingResources: [],
        };
        violations.push(violation);
      }
      violation.violatingResources.push({
        resourceLogicalId: finding.path,
        templatePath: finding.path,
        locations: ['Properties'],
      });
    }
    return { success: violations.length === 0, violations };
  }
}

export const CDK_SINGLETON: Acknowledgement[] = [
  {
    id: 'AwsSolutions-IAM4',
    reason: 'A CDK-owned singleton function logs with the managed basic role.',
  },
  { id: 'AwsSolutions-L1', reason: 'A CDK-owned singleton function pins its own runtime.' },
  {
    id: 'Serverless-LambdaLatestVersion',
    reason: 'A CDK-owned singleton function pins its runtime.',
  },
  { id: 'Serverless-LambdaTracing', reason: 'A CDK-owned singleton function is not traced.' },
  {
    id: 'Serverless-LambdaDLQ',
    reason: 'CloudFormation invokes it and fails the deploy if it fails.',
  },
  {
    id: 'Serverless-LambdaDefaultMemorySize',
    reason: 'A CDK-owned singleton function sets its own memory size.',
  },
];

/**
 * CDK's own singleton functions at the top of a stack: LogRetention (sets the retention of the
 * database's exported logs) and BucketDeployment (uploads the dashboard). Call last.
 */
export function acknowledgeCdkSingletons(stack: Stack): void {
  for (const child of stack.node.children) {
    if (child.node.id.startsWith('LogRetention')) {
      acknowledge(child, [
        ...CDK_SINGLETON,
        {
          id: 'AwsSolutions-IAM5',
          reason: 'CDK LogRetention sets the retention of log groups it cannot name in advance.',
          finding: /^Resource::\*$/,
        },
      ]);
    }
    if (child.node.id.startsWith('Custom::CDKBucketDeployment')) {
      acknowledge(child, [
        ...CDK_SINGLETON,
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'CDK BucketDeployment reads its asset from the bootstrap bucket and writes every object of the dashboard bucket.',
        },
      ]);
    }
  }
}
