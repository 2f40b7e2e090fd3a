import { UserPool, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export interface AuthProps {
  /** An existing OIDC issuer to trust instead of creating a Cognito user pool. */
  readonly issuer?: string;
  readonly audience?: string;
  readonly jwksUri?: string;
}

/**
 * Who the API trusts to sign bearer tokens: by default a Cognito user pool of this stack, or an
 * external OIDC issuer given as context. Functions verify tokens themselves with aws-jwt-verify.
 */
export class Auth extends Construct {
  readonly userPool?: UserPool;
  readonly client?: UserPoolClient;
  private readonly environment: Record<string, string>;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    if (props.issuer) {
      if (!props.audience) throw new Error('Context authAudience is required with authIssuer');
      this.environment = {
        AUTH_ISSUER: props.issuer,
        AUTH_AUDIENCE: props.audience,
        ...(props.jwksUri ? { AUTH_JWKS_URI: props.jwksUri } : {}),
      };
      return;
    }
    this.userPool = new UserPool(this, 'Students', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
    });
    this.client = this.userPool.addClient('Dashboard', {
      authFlows: { userSrp: true },
      generateSecret: false,
    });
    this.environment = {
      AUTH_COGNITO_USER_POOL_ID: this.userPool.userPoolId,
      AUTH_COGNITO_CLIENT_ID: this.client.userPoolClientId,
    };
  }

  bind(fn: LambdaFunction): void {
    for (const [key, value] of Object.entries(this.environment)) fn.addEnvironment(key, value);
  }
}
