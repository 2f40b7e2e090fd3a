import {
  OAuthScope,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
} from 'aws-cdk-lib/aws-cognito';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export interface AuthProps {
  /** An existing OIDC issuer to trust instead of creating a Cognito user pool. */
  readonly issuer?: string;
  readonly audience?: string;
  readonly jwksUri?: string;
  /** The dashboard's URL: the Cognito app client signs in there (code flow with PKCE). */
  readonly dashboardUrl?: string;
  /** Prefix of the Cognito hosted UI domain; globally unique. */
  readonly domainPrefix?: string;
  /** With an external issuer: the dashboard's client id there. */
  readonly dashboardClientId?: string;
}

/**
 * Who the API trusts to sign bearer tokens: by default a Cognito user pool of this stack, or an
 * external OIDC issuer given as context. Functions verify tokens themselves with aws-jwt-verify.
 */
export class Auth extends Construct {
  readonly userPool?: UserPool;
  readonly client?: UserPoolClient;
  /** The hosted UI's base URL (`https://<prefix>.auth.<region>.amazoncognito.com`). */
  readonly hostedUiUrl?: string;
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
    // A public client (no secret): the dashboard uses the authorization code flow with PKCE.
    const dashboard = props.dashboardUrl;
    this.client = this.userPool.addClient('Dashboard', {
      authFlows: { userSrp: true },
      generateSecret: false,
      oAuth: dashboard
        ? {
            flows: { authorizationCodeGrant: true },
            scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
            callbackUrls: [`${dashboard}/dashboard/callback`],
            logoutUrls: [`${dashboard}/`],
          }
        : undefined,
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
    });
    if (props.domainPrefix) {
      const domain = this.userPool.addDomain('HostedUi', {
        cognitoDomain: { domainPrefix: props.domainPrefix },
      });
      this.hostedUiUrl = domain.baseUrl();
    }
    this.environment = {
      AUTH_COGNITO_USER_POOL_ID: this.userPool.userPoolId,
      AUTH_COGNITO_CLIENT_ID: this.client.userPoolClientId,
    };
  }

  bind(fn: LambdaFunction): void {
    for (const [key, value] of Object.entries(this.environment)) fn.addEnvironment(key, value);
  }
}
