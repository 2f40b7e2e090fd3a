/**
 * `npm run dlq -- list` and `npm run dlq -- redrive <queue>`: the queues where failed events and
 * invocations wait, and running them again. With `--stage <stage>` it works on that deployed
 * stage's queues through the AWS SDK (the usual credentials and region); without, on the stack
 * `npm start` is running on this machine.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { listQueues, redriveQueue } from './redrive';

const USAGE = 'usage: npm run dlq -- list | redrive <queue> [--stage <stage>]';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { stage: { type: 'string' } },
});

function clients() {
  if (values.stage) {
    return {
      sqs: new SQSClient({}),
      lambda: new LambdaClient({}),
      // The service stack's queues are named after it by CloudFormation.
      prefix: `StudyAnalytics-${values.stage}-`,
    };
  }
  const file = join(resolve(process.env.DATA_DIR ?? '.data'), 'local-stack.json');
  if (!existsSync(file)) {
    throw new Error(`No local stack is running (no ${file}); start one, or pass --stage.`);
  }
  const local = JSON.parse(readFileSync(file, 'utf8')) as { sqsUrl?: string; lambdaUrl?: string };
  if (!local.sqsUrl || !local.lambdaUrl) throw new Error(`${file} names no queues; restart it.`);
  const config = {
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  return {
    sqs: new SQSClient({ ...config, endpoint: local.sqsUrl }),
    lambda: new LambdaClient({ ...config, endpoint: local.lambdaUrl }),
    prefix: '',
  };
}

const [command, queue] = positionals;
if (command !== 'list' && !(command === 'redrive' && queue)) {
  console.error(USAGE);
  process.exit(2);
}
const { sqs, lambda, prefix } = clients();
try {
  if (command === 'list') {
    const queues = await listQueues(sqs, prefix);
    for (const q of queues.sort((a, b) => a.name.localeCompare(b.name))) {
      console.log(
        `${String(q.waiting).padStart(6)} waiting ${String(q.inFlight).padStart(4)} in flight  ${q.name}`,
      );
    }
  } else if (queue) {
    const outcome = await redriveQueue({ sqs, lambda }, queue);
    console.log(`${outcome.redriven} redriven, ${outcome.kept.length} kept in ${queue}`);
    for (const kept of outcome.kept) console.log(`  kept ${kept.messageId}: ${kept.reason}`);
    if (outcome.kept.length > 0) process.exitCode = 1;
  }
} finally {
  sqs.destroy();
  lambda.destroy();
}
