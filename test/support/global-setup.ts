import type { TestProject } from 'vitest/node';
import { startLocalStack } from '../../local/stack';

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    emulatorUrl: string;
    signingKeyPem: string;
  }
}

/**
 * Starts the local stack once for the whole run: embedded PGlite in memory, or the PostgreSQL
 * database named by DATABASE_URL. Test files reach it over real HTTP with the real SDK clients.
 */
export default async function setup(project: TestProject) {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
  const stack = await startLocalStack({
    databaseUrl: process.env.DATABASE_URL || undefined,
    corsAllowedOrigins: ['https://dashboard.example.test'],
  });
  project.provide('apiUrl', stack.apiUrl);
  project.provide('emulatorUrl', stack.emulator.url);
  project.provide('signingKeyPem', stack.issuer.privateKeyPem);
  return () => stack.close();
}
