import { describe, expect, it } from 'vitest';
import { auroraPostgresMajor, newerThanDeployed } from '../../infra/engine-version';

describe('the PostgreSQL server CI tests against', () => {
  it('reads the deployed engine major from the version infra deploys', () => {
    expect(auroraPostgresMajor()).toBe(16);
  });

  it('accepts the deployed major and older servers', () => {
    expect(newerThanDeployed(160013, 16)).toBeUndefined();
    expect(newerThanDeployed(150020, 16)).toBeUndefined();
  });

  it('refuses a newer server, saying which versions differ', () => {
    expect(newerThanDeployed(170002, 16)).toMatch(
      /version 17, newer than the deployed Aurora PostgreSQL 16/,
    );
  });

  it('refuses a version it cannot read', () => {
    expect(newerThanDeployed(Number.NaN, 16)).toMatch(/cannot read/);
  });
});
