/**
 * Lambda's Invoke API (restJson1) over the local Lambda service, for the real LambdaClient: the
 * redrive tool invokes a function here exactly as it does on AWS.
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FunctionError } from './lambda';
import { type LambdaService, ResourceNotFoundException } from './lambda-service';

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

export async function startLambdaApi(
  lambda: LambdaService,
  options: { host?: string; port?: number } = {},
) {
  const host = options.host ?? '127.0.0.1';
  const error = (res: ServerResponse, status: number, type: string, message: string) => {
    res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type });
    res.end(JSON.stringify({ Type: 'User', message }));
  };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = INVOKE_PATH.exec(url.pathname);
    if (req.method !== 'POST' || !match?.[1]) {
      return error(res, 404, 'UnknownOperationException', `No operation at ${url.pathname}`);
    }
    let payload: unknown;
    try {
      const text = Buffer.concat(chunks).toString('utf8');
      payload = text ? JSON.parse(text) : {};
    } catch {
      return error(res, 400, 'InvalidRequestContentException', 'Could not parse request body.');
    }
    const name = decodeURIComponent(match[1]);
    const type = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
    try {
      if (type === 'Event') {
        lambda.invokeAsync(name, payload);
        res.writeHead(202).end();
        return;
      }
      if (type !== 'RequestResponse') {
        return error(res, 400, 'InvalidParameterValueException', `Unsupported type ${type}`);
      }
      const result = await lambda.invoke(name, payload);
      res.writeHead(200, {
        'content-type': 'application/json',
        'x-amz-executed-version': '$LATEST',
      });
      res.end(JSON.stringify(result));
    } catch (err) {
      if (err instanceof ResourceNotFoundException) {
        return error(res, 404, 'ResourceNotFoundException', err.message);
      }
      if (err instanceof FunctionError) {
        // A function error is a successful Invoke whose payload is the error.
        res.writeHead(200, {
          'content-type': 'application/json',
          'x-amz-executed-version': '$LATEST',
          'x-amz-function-error': 'Unhandled',
        });
        res.end(JSON.stringify(err.payload));
        return;
      }
      error(res, 500, 'ServiceException', String(err));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
