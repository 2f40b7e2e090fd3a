/**
 * esbuild options of every function bundle, each with its reason. The CDK construct
 * (house-function.ts) deploys with them and `npm run bench -- bundles` and the bundle-size
 * check measure with them, so what is measured is what is deployed. No CDK imports here: the
 * bench loads this without loading the CDK.
 */

/** Relative to the repository root, where bundling runs. */
export const ENVIRONMENT_CREDENTIALS_MODULE = 'functions/platform/environment-credentials.ts';

export const functionBundling = {
  // ESM loads faster on Node.js 24 and lets esbuild drop unused exports.
  format: 'esm',
  // Smaller bundles start faster; source maps keep stack traces readable.
  minify: true,
  sourcemap: true,
  target: 'node24',
  // Prefer packages' ESM builds so tree-shaking works.
  mainFields: ['module', 'main'],
  // Some dependencies still call require(); give ESM bundles one.
  banner: "import{createRequire}from'node:module';const require=createRequire(import.meta.url);",
  alias: {
    // Lambda gives a function its role's credentials in the environment; the SDK's default
    // chain would also bundle the STS, SSO, SSO-OIDC and sign-in clients of the other sources
    // (about 120 KB and their load time in every function).
    '@aws-sdk/credential-provider-node': `./${ENVIRONMENT_CREDENTIALS_MODULE}`,
    // Only operations that stream events load it, and no function calls one.
    '@smithy/core/event-streams': './infra/bundle-substitutes/no-event-streams.ts',
  },
} as const;
