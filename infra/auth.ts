import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolEmail,
} from 'aws-cdk-lib/aws-cognito';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { acknowledge } from './nag';

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
  /** Cognito threat protection (Plus feature plan: billed per monthly active user). */
  readonly threatProtection?: boolean;
  /** Keep the user pool (deletion protection, retained with the stack): students' accounts. */
  readonly protect?: boolean;
  /**
   * The SES identity the user pool sends its own emails through (codes, invitations). Without
   * one, Cognito's default sender is limited to 50 emails a day.
   */
  readonly email?: { readonly fromAddress: string; readonly identity: string };
}

/** `Name <address>` or a bare address, split for Cognito. */
function parseSender(from: string): { fromName?: string; fromEmail: string } {
  const match = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(from);
  return match?.[2]
    ? { fromEmail: match[2], ...(match[1] ? { fromName: match[1] } : {}) }
    : { fromEmail: from.trim() };
}

/** Cognito sends through SES as the identity (a verified domain, or the address itself). */
export function userPoolEmail(email: NonNullable<AuthProps['email']>, region: string) {
  const sender = parseSender(email.fromAddress);
  return UserPoolEmail.withSES({
    ...sender,
    sesRegion: region,
    ...(email.identity.includes('@') ? {} : { sesVerifiedDomain: email.identity }),
  });
}

/** Sign-in rules students are told about (docs/edge.md). */
export const PASSWORD_POLICY = {
  minLength: 12,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: true,
  tempPasswordValidity: Duration.days(3),
} as const;

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
  /** Who signs tokens and for whom: the same for the gateway's authorizer and the functions. */
  private readonly issuer: string;
  private readonly audience: string[];

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    if (props.issuer) {
      if (!props.audience) throw new Error('Context authAudience is required with authIssuer');
      this.environment = {
        AUTH_ISSUER: props.issuer,
        AUTH_AUDIENCE: props.audience,
        ...(props.jwksUri ? { AUTH_JWKS_URI: props.jwksUri } : {}),
      };
      this.issuer = props.issuer;
      this.audience = props.audience.split(',').map((a) => a.trim());
      return;
    }
    this.userPool = new UserPool(this, 'Students', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: PASSWORD_POLICY,
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      ...(props.email ? { email: userPoolEmail(props.email, Stack.of(this).region) } : {}),
      deletionProtection: props.protect ?? false,
      removalPolicy: props.protect ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      featurePlan: props.threatProtection ? FeaturePlan.PLUS : FeaturePlan.ESSENTIALS,
      ...(props.threatProtection
        ? { standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION }
        : {}),
    });
    acknowledge(this.userPool, [
      {
        id: 'AwsSolutions-COG2',
        reason: 'MFA is optional (TOTP): students sign in on shared school devices without phones.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'Threat protection (Plus plan) is the stage switch threatProtection: billed per user.',
        when: !props.threatProtection,
      },
    ]);
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
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      enableTokenRevocation: true,
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
    const stack = Stack.of(this);
    this.issuer = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`;
    // Cognito access tokens carry no `aud`: API Gateway then checks `client_id`.
    this.audience = [this.client.userPoolClientId];
  }

  /** The API Gateway JWT authorizer: a bad token never reaches a function. */
  authorizer(): IHttpRouteAuthorizer {
    return new HttpJwtAuthorizer('Jwt', this.issuer, { jwtAudience: this.audience });
  }

  bind(fn: LambdaFunction): void {
    for (const [key, value] of Object.entries(this.environment)) fn.addEnvironment(key, value);
  }
}
