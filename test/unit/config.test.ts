import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  flag,
  list,
  listEnv,
  nonNegativeNumber,
  optionalText,
  optionalUrl,
  positiveInteger,
  positiveNumber,
  readConfig,
  requireEnv,
  text,
} from '../../functions/platform/config';

describe('readConfig', () => {
  const shape = {
    EVENT_BUS_NAME: text(),
    SESSION_MAX_HOURS: positiveNumber(12),
    REPORT_MAX_ATTEMPTS: positiveInteger(6),
    OUTBOX_RETRY_BASE_SECONDS: nonNegativeNumber(15),
    REPORT_EMAILS_ENABLED: flag(true),
    AUTH_AUDIENCE: list(),
    SES_CONFIGURATION_SET: optionalText(),
    GAMIFICATION_URL: optionalUrl(),
  };

  it('converts every variable and fills in the defaults', () => {
    expect(readConfig(shape, { EVENT_BUS_NAME: 'bus' })).toEqual({
      EVENT_BUS_NAME: 'bus',
      SESSION_MAX_HOURS: 12,
      REPORT_MAX_ATTEMPTS: 6,
      OUTBOX_RETRY_BASE_SECONDS: 15,
      REPORT_EMAILS_ENABLED: true,
      AUTH_AUDIENCE: [],
      SES_CONFIGURATION_SET: undefined,
      GAMIFICATION_URL: undefined,
    });
    expect(
      readConfig(shape, {
        EVENT_BUS_NAME: 'bus',
        SESSION_MAX_HOURS: '1.5',
        REPORT_MAX_ATTEMPTS: '3',
        OUTBOX_RETRY_BASE_SECONDS: '0',
        REPORT_EMAILS_ENABLED: 'false',
        AUTH_AUDIENCE: 'a, b,,c',
        SES_CONFIGURATION_SET: 'reports',
        GAMIFICATION_URL: 'https://points.example.com/',
      }),
    ).toEqual({
      EVENT_BUS_NAME: 'bus',
      SESSION_MAX_HOURS: 1.5,
      REPORT_MAX_ATTEMPTS: 3,
      OUTBOX_RETRY_BASE_SECONDS: 0,
      REPORT_EMAILS_ENABLED: false,
      AUTH_AUDIENCE: ['a', 'b', 'c'],
      SES_CONFIGURATION_SET: 'reports',
      GAMIFICATION_URL: 'https://points.example.com/',
    });
  });

  it('treats an empty variable as unset', () => {
    const config = readConfig(shape, {
      EVENT_BUS_NAME: 'bus',
      SESSION_MAX_HOURS: '',
      SES_CONFIGURATION_SET: '',
    });
    expect(config.SESSION_MAX_HOURS).toBe(12);
    expect(config.SES_CONFIGURATION_SET).toBeUndefined();
  });

  it.each([
    [{}, 'EVENT_BUS_NAME is missing'],
    [{ EVENT_BUS_NAME: '' }, 'EVENT_BUS_NAME is missing'],
    [
      { EVENT_BUS_NAME: 'b', SESSION_MAX_HOURS: 'twelve' },
      'SESSION_MAX_HOURS must be a number (got "twelve")',
    ],
    [{ EVENT_BUS_NAME: 'b', SESSION_MAX_HOURS: '0' }, 'SESSION_MAX_HOURS must be greater than 0'],
    [
      { EVENT_BUS_NAME: 'b', SESSION_MAX_HOURS: '12h' },
      'SESSION_MAX_HOURS must be a number (got "12h")',
    ],
    [
      { EVENT_BUS_NAME: 'b', REPORT_MAX_ATTEMPTS: '2.5' },
      'REPORT_MAX_ATTEMPTS must be a whole number',
    ],
    [{ EVENT_BUS_NAME: 'b', REPORT_MAX_ATTEMPTS: '-1' }, 'REPORT_MAX_ATTEMPTS must be at least 1'],
    [
      { EVENT_BUS_NAME: 'b', OUTBOX_RETRY_BASE_SECONDS: '-5' },
      'OUTBOX_RETRY_BASE_SECONDS must be 0 or more',
    ],
    [
      { EVENT_BUS_NAME: 'b', REPORT_EMAILS_ENABLED: 'no' },
      'REPORT_EMAILS_ENABLED must be true or false (got "no")',
    ],
    [
      { EVENT_BUS_NAME: 'b', GAMIFICATION_URL: 'points.example.com' },
      'GAMIFICATION_URL must be an absolute http(s) URL',
    ],
  ])('refuses %j naming the variable', (env, message) => {
    expect(() => readConfig(shape, env)).toThrow(ConfigError);
    expect(() => readConfig(shape, env)).toThrow(`Invalid configuration: ${message}`);
  });

  it('names every wrong variable at once', () => {
    expect(() => readConfig(shape, { SESSION_MAX_HOURS: 'NaN' })).toThrow(
      'Invalid configuration: EVENT_BUS_NAME is missing; SESSION_MAX_HOURS must be a number (got "NaN")',
    );
  });
});

describe('requireEnv and listEnv', () => {
  it('read one variable', () => {
    expect(requireEnv('A', { A: 'x' })).toBe('x');
    expect(() => requireEnv('A', {})).toThrow('Invalid configuration: A is missing');
    expect(listEnv('L', { L: 'a,b' })).toEqual(['a', 'b']);
    expect(listEnv('L', {})).toEqual([]);
  });
});
