import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { acknowledge } from './nag';

const DIST = join(import.meta.dirname, '..', 'web', 'dist');

/** The dashboard's reports page, where report emails link to by default. */
export const DASHBOARD_REPORTS_PATH = '/dashboard/reports';

/** What the dashboard reads from `/config.json` to sign in and find the API. */
export interface DashboardConfig {
  readonly apiUrl: string;
  readonly clientId: string;
  readonly authorizeUrl?: string;
  readonly tokenUrl?: string;
  readonly logoutUrl?: string;
  readonly issuer?: string;
}

export interface WebProps {
  /** Bucket for CloudFront's standard logs (in the data stack). */
  readonly logs: IBucket;
  /** ARN of the WAF web ACL (CloudFront scope) in front of everything. */
  readonly webAclArn: string;
  /** Own domain and its ACM certificate (us-east-1); TLS 1.2 at least when given. */
  readonly domainName?: string;
  readonly certificateArn?: string;
}

/**
 * The dashboard: a private bucket that only CloudFront may read (origin access control), and the
 * API under /api/* on the same origin (so the dashboard needs no CORS), behind WAF. The bucket
 * holds only the built app, which every deploy uploads again, so it lives with the distribution
 * (an exact-distribution bucket policy needs both in one stack); the logs are in the data stack.
 */
export class Web extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** `https://…` of the dashboard (own domain, or the distribution's), without a slash. */
  readonly url: string;
  private readonly connectTo = new Set<string>();

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Assets', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: props.logs,
      serverAccessLogsPrefix: 's3-assets/',
    });
    // The same policy the local gateway sends: uPlot sizes its canvas with inline styles, the
    // email preview is an inert sandboxed srcdoc frame. The API is on this origin ('self');
    // sign-in endpoints are added by exact origin.
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Study Analytics dashboard security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          override: true,
          contentSecurityPolicy: Lazy.string({
            produce: () =>
              [
                "default-src 'self'",
                ["connect-src 'self'", ...this.connectTo].join(' '),
                "img-src 'self' data: blob:",
                "style-src 'self' 'unsafe-inline'",
                "frame-src 'self' about:",
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "frame-ancestors 'none'",
              ].join('; '),
          }),
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
      },
    });
    // Client-side routes (/dashboard/…) are not objects: answer them with the app. Done per
    // request on the bucket's behavior, since error pages would also replace the API's 404s.
    const spaRoutes = new CloudFrontFunction(this, 'SpaRoutes', {
      comment: 'Dashboard routes without a file extension are the app',
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(
        "function handler(event){var r=event.request;if(r.uri.startsWith('/dashboard')&&!/\\.[A-Za-z0-9]+$/.test(r.uri)){r.uri='/index.html';}return r;}",
      ),
    });
    const certificate = props.certificateArn
      ? Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn)
      : undefined;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Study Analytics dashboard and API',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      webAclId: props.webAclArn,
      enableLogging: true,
      logBucket: props.logs,
      logFilePrefix: 'cloudfront/',
      ...(certificate && props.domainName
        ? {
            certificate,
            domainNames: [props.domainName],
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
        compress: true,
        functionAssociations: [
          { function: spaRoutes, eventType: FunctionEventType.VIEWER_REQUEST },
        ],
      },
    });
    acknowledge(this.distribution, [
      {
        id: 'AwsSolutions-CFR1',
        reason: 'Students study from anywhere; no country is blocked.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'Without an own domain CloudFront serves its default certificate, whose TLS policy cannot be set; with domainName and certificateArn the minimum is TLS 1.2.',
        when: !certificate,
      },
    ]);
    this.url = props.domainName
      ? `https://${props.domainName}`
      : `https://${this.distribution.distributionDomainName}`;
  }

  /** The dashboard may call this origin (e.g. the sign-in endpoints). */
  allowConnectTo(origin: string): void {
    if (origin) this.connectTo.add(origin);
  }

  /**
   * Serves the HTTP API under /api/*: nothing cached, every viewer header but Host forwarded
   * (the Authorization header included), HTTPS and TLS 1.2 to the origin.
   */
  routeApi(httpApi: IHttpApi): void {
    const stack = Stack.of(this);
    const origin = new HttpOrigin(
      `${httpApi.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`,
      {
        protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [OriginSslPolicy.TLS_V1_2],
      },
    );
    this.distribution.addBehavior('/api/*', origin, {
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      // Answers API Gateway or WAF give themselves (401, 403, 429) get them too.
      responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
      compress: true,
    });
  }

  /**
   * Uploads the built app (`npm run build` first; without web/dist only config.json goes up) and
   * its config, then invalidates the cache.
   */
  deploy(config: DashboardConfig): void {
    const sources = [Source.jsonData('config.json', { mode: 'oidc', ...config })];
    if (existsSync(join(DIST, 'index.html'))) sources.unshift(Source.asset(DIST));
    new BucketDeployment(this, 'Deployment', {
      sources,
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      prune: false,
    });
  }
}
