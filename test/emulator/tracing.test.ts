/**
 * SDK calls traced as X-Ray subsegments: a real Data API client against the emulator, and a UDP
 * socket standing in for Lambda's X-Ray daemon. Documents follow the daemon protocol: a JSON
 * header line, then the segment document.
 * https://docs.aws.amazon.com/xray/latest/devguide/xray-api-sendingdata.html
 */
import { createSocket } from 'node:dgram';
import {
  BeginTransactionCommand,
  ExecuteStatementCommand,
  RollbackTransactionCommand,
} from '@aws-sdk/client-rds-data';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { daemonAddressOf, parseTraceHeader, traced } from '../../functions/platform/tracer';
import {
  emulatorClient,
  startTestDataApi,
  TEST_ARNS,
  type TestDataApi,
} from '../../local/data-api/test-harness';

const ROOT = '1-5759e988-bd862e3fe1be46a994272793';
const PARENT = '53995c3f42cd8ad8';

let api: TestDataApi;
const daemon = createSocket('udp4');
const received: string[] = [];
let waiting: ((message: string) => void) | undefined;
const nextDocument = () =>
  new Promise<Record<string, unknown>>((resolve) => {
    const take = (message: string) => {
      const [header, body] = message.split('\n');
      expect(JSON.parse(header ?? '')).toEqual({ format: 'json', version: 1 });
      resolve(JSON.parse(body ?? ''));
    };
    const first = received.shift();
    if (first) take(first);
    else waiting = take;
  });

beforeAll(async () => {
  api = await startTestDataApi();
  daemon.on('message', (message) => {
    const take = waiting;
    waiting = undefined;
    if (take) take(message.toString());
    else received.push(message.toString());
  });
  await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
  vi.stubEnv('AWS_XRAY_DAEMON_ADDRESS', `127.0.0.1:${daemon.address().port}`);
  vi.stubEnv('AWS_REGION', 'us-east-1');
});

afterAll(async () => {
  vi.unstubAllEnvs();
  daemon.close();
  await api?.close();
});

describe('X-Ray subsegments for SDK calls', () => {
  it('sends one subsegment per call under the invocation, named by service and operation', async () => {
    vi.stubEnv('_X_AMZN_TRACE_ID', `Root=${ROOT};Parent=${PARENT};Sampled=1`);
    const client = traced(emulatorClient(api.emulator.url));
    await client.send(new ExecuteStatementCommand({ ...TEST_ARNS, sql: 'SELECT 1' }));
    const doc = await nextDocument();
    expect(doc).toMatchObject({
      name: 'RDSData',
      trace_id: ROOT,
      parent_id: PARENT,
      type: 'subsegment',
      namespace: 'aws',
      aws: { operation: 'ExecuteStatement', region: 'us-east-1' },
      http: { response: { status: 200 } },
    });
    expect(doc.id).toMatch(/^[0-9a-f]{16}$/);
    expect(doc.end_time as number).toBeGreaterThanOrEqual(doc.start_time as number);
    expect(doc).not.toHaveProperty('fault');
    expect(doc).not.toHaveProperty('error');
  });

  it('marks a call the service refused as an error, and still throws it', async () => {
    vi.stubEnv('_X_AMZN_TRACE_ID', `Root=${ROOT};Parent=${PARENT};Sampled=1`);
    const client = traced(emulatorClient(api.emulator.url));
    await expect(
      client.send(
        new ExecuteStatementCommand({ ...TEST_ARNS, sql: 'SELECT * FROM no_such_table' }),
      ),
    ).rejects.toThrow(/no_such_table/);
    expect(await nextDocument()).toMatchObject({
      aws: { operation: 'ExecuteStatement' },
      http: { response: { status: 400 } },
      error: true,
    });
  });

  it('sends nothing for an invocation that is not sampled', async () => {
    const client = traced(emulatorClient(api.emulator.url));
    vi.stubEnv('_X_AMZN_TRACE_ID', `Root=${ROOT};Parent=${PARENT};Sampled=0`);
    await client.send(new ExecuteStatementCommand({ ...TEST_ARNS, sql: 'SELECT 1' }));
    // The next document the daemon gets is the sampled call's, not the unsampled one's.
    vi.stubEnv('_X_AMZN_TRACE_ID', `Root=${ROOT};Parent=${PARENT};Sampled=1`);
    const { transactionId } = await client.send(new BeginTransactionCommand(TEST_ARNS));
    expect(await nextDocument()).toMatchObject({ aws: { operation: 'BeginTransaction' } });
    await client.send(new RollbackTransactionCommand({ ...TEST_ARNS, transactionId }));
    expect(await nextDocument()).toMatchObject({ aws: { operation: 'RollbackTransaction' } });
  });
});

describe('trace header and daemon address', () => {
  it('reads the root, the parent and the sampling decision', () => {
    expect(parseTraceHeader(`Root=${ROOT};Parent=${PARENT};Sampled=1;Lineage=a:1`)).toEqual({
      root: ROOT,
      parent: PARENT,
      sampled: true,
    });
    expect(parseTraceHeader(`Root=${ROOT};Sampled=1`)).toBeUndefined();
    expect(parseTraceHeader(undefined)).toBeUndefined();
  });

  it('takes the UDP address of either form', () => {
    expect(daemonAddressOf('169.254.79.129:2000')).toEqual({ host: '169.254.79.129', port: 2000 });
    expect(daemonAddressOf('tcp:127.0.0.1:2000 udp:127.0.0.2:2001')).toEqual({
      host: '127.0.0.2',
      port: 2001,
    });
    expect(daemonAddressOf(undefined)).toBeUndefined();
  });
});
