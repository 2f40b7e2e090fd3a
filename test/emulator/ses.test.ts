/**
 * The local SES refuses what SES v2 refuses, through the real SDK client:
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_MessageHeader.html (headers),
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendEmail.html (errors),
 * https://docs.aws.amazon.com/ses/latest/dg/request-production-access.html (the sandbox).
 */
import {
  BadRequestException,
  MessageRejected,
  SESv2Client,
  SendEmailCommand,
  type SendEmailCommandInput,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type LocalSes, startLocalSes } from '../../local/ses';

let ses: LocalSes;
let client: SESv2Client;
/** The local SES's clock, moved by the tests. */
let clock = 1_000_000;

beforeAll(async () => {
  ses = await startLocalSes({ verifiedIdentities: ['reports@school.test'], now: () => clock });
  client = new SESv2Client({
    endpoint: ses.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  client?.destroy();
  await ses?.close();
});
beforeEach(() => ses.setSandbox(false));

const send = (
  overrides: Partial<SendEmailCommandInput> = {},
  headers = [{ Name: 'X-Ok', Value: 'yes' }],
) =>
  client
    .send(
      new SendEmailCommand({
        FromEmailAddress: 'Reports <reports@school.test>',
        Destination: { ToAddresses: ['student@example.edu'] },
        Content: {
          Simple: {
            Subject: { Data: 'Your week' },
            Body: { Text: { Data: 'Hello' } },
            Headers: headers,
          },
        },
        ...overrides,
      }),
    )
    .catch((e: unknown) => e);

describe('message headers', () => {
  it('accepts a value of exactly 870 printable ASCII characters', async () => {
    const out = await send({}, [{ Name: 'X-Long', Value: 'a'.repeat(870) }]);
    expect(out).toMatchObject({ MessageId: expect.any(String) });
  });

  it.each([
    ['a value over 870 characters', [{ Name: 'X-Long', Value: 'a'.repeat(871) }]],
    ['a colon in a name', [{ Name: 'X-Bad:Name', Value: 'v' }]],
    ['a non-ASCII value', [{ Name: 'X-Name', Value: 'Zoë' }]],
    ['a line break in a value', [{ Name: 'X-Name', Value: 'a\r\nBcc: x@evil.test' }]],
    [
      'a duplicate List-Unsubscribe',
      [
        { Name: 'List-Unsubscribe', Value: '<https://a.test/u>' },
        { Name: 'list-unsubscribe', Value: '<mailto:u@a.test>' },
      ],
    ],
    [
      'more than 15 headers',
      Array.from({ length: 16 }, (_, i) => ({ Name: `X-H${i}`, Value: 'v' })),
    ],
  ])('refuses %s with BadRequestException', async (_what, headers) => {
    expect(await send({}, headers)).toBeInstanceOf(BadRequestException);
  });
});

describe('addresses and identities', () => {
  it('refuses a recipient that is no address', async () => {
    const error = await send({ Destination: { ToAddresses: ['not-an-address'] } });
    expect(error).toBeInstanceOf(BadRequestException);
  });

  it('refuses a sender whose identity is not verified', async () => {
    const error = await send({ FromEmailAddress: 'someone@elsewhere.test' });
    expect(error).toBeInstanceOf(MessageRejected);
    expect((error as Error).message).toContain('someone@elsewhere.test');
  });

  it('stores nothing it refused', async () => {
    await ses.clear();
    await send({ FromEmailAddress: 'someone@elsewhere.test' });
    expect(await ses.emails()).toEqual([]);
  });
});

describe('the sandbox', () => {
  it('sends only to verified recipients', async () => {
    ses.setSandbox(true);
    expect(await send()).toBeInstanceOf(MessageRejected);
    ses.verify('student@example.edu');
    expect(await send()).toMatchObject({ MessageId: expect.any(String) });
  });

  it('sends at most one message a second', async () => {
    ses.setSandbox(true);
    ses.verify('example.edu');
    expect(await send()).toMatchObject({ MessageId: expect.any(String) });
    clock += 999;
    expect(await send()).toBeInstanceOf(TooManyRequestsException);
    clock += 1;
    expect(await send()).toMatchObject({ MessageId: expect.any(String) });
  });
});
