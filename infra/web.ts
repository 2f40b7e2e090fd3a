import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  Distribution,
  type ErrorResponse,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';

const DIST = join(import.meta.dirname, '..', 'web', 'dist');

/** What the dashboard reads from `/config.json` to sign in and find the API. */
export interface DashboardConfig {
  readonly apiUrl: string;
  readonly clientId: string;
  readonly authorizeUrl?: string;
  readonly tokenUrl?: string;
  readonly logoutUrl?: string;
  readonly issuer?: string;
}

/**
 * The dashboard: a private bucket that only CloudFront may read (origin access control), served
 * over HTTPS with the app's routes falling back to index.html.
 */
export class Web extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** `https://…` of the distribution, without a trailing slash. */
  readonly url: string;

  /**
   * `connectTo`: origins the app calls (the API, the sign-in endpoints), for its content
   * security policy.
   */
  constructor(scope: Construct, id: string, connectTo: readonly string[] = []) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Assets', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Client-side routes (/dashboard/…) are not objects: answer them with the app.
    const spaFallback = (httpStatus: number): ErrorResponse => ({
      httpStatus,
      responseHttpStatus: 200,
      responsePagePath: '/index.html',
      ttl: Duration.seconds(0),
    });
    // The same policy the local gateway sends: uPlot sizes its canvas with inline styles, the
    // email preview is an inert sandboxed srcdoc frame.
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Study Analytics dashboard security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          override: true,
          contentSecurityPolicy: [
            "default-src 'self'",
            `connect-src 'self' ${connectTo.join(' ')}`.trim(),
            "img-src 'self' data: blob:",
            "style-src 'self' 'unsafe-inline'",
            "frame-src 'self' about:",
            "object-src 'none'",
            "base-uri 'self'",
            "frame-ancestors 'none'",
          ].join('; '),
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
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Study Analytics dashboard',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
        compress: true,
      },
      errorResponses: [spaFallback(403), spaFallback(404)],
    });
    this.url = `https://${this.distribution.distributionDomainName}`;
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
