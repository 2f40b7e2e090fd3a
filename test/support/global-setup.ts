import type { TestProject } from 'vitest/node';
import { startLocalStack } from '../../local/stack';
import { copyOfTemplate, createTemplate } from './database-template';

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    emulatorUrl: string;
    signingKeyPem: string;
  }
}

/**
 * Prepares the run's database template (./database-template.ts) and starts the local stack once
 * for the whole run: embedded PGlite in memory, or the PostgreSQL database named by DATABASE_URL.
 * Test files reach it over real HTTP with the real SDK clients.
 */
export default async function setup(project: TestProject) {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const removeTemplate = await createTemplate(databaseUrl);
  // On PGlite the shared stack starts from the template too; on a server it keeps DATABASE_URL.
  const pglite = databaseUrl ? {} : (await copyOfTemplate(undefined)).options;
  const stack = await startLocalStack({
    databaseUrl,
    ...pglite,
    corsAllowedOrigins: ['https://dashboard.example.test'],
  });
  project.provide('apiUrl', stack.apiUrl);
  project.provide('emulatorUrl', stack.emulator.url);
  project.provide('signingKeyPem', stack.issuer.privateKeyPem);
  return async () => {
    await stack.close();
    await removeTemplate();
  };
}
