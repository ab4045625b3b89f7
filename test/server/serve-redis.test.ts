import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Verdict } from '../../src/verdict/types.js';
import { buildServeCli, freePort, startServe, type ServeProcess } from '../support/serve.js';

// Scaling out on Redis: two `serve` processes share one BullMQ queue on a real redis-server (Debian's package,
// started here on a free port with persistence off). The process that takes a deferred job is killed mid-job; the
// other one finds the job stalled once its lock expires and completes it. Nothing is lost.

let redis: ChildProcess;
let redisUrl: string;
let script: string;
const processes: ServeProcess[] = [];
const dog = readFileSync('node_modules/dog-picture/dog.jpg');

beforeAll(async () => {
  const port = await freePort(6690, 6699);
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    redis.once('error', reject);
    redis.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('Ready to accept connections') && resolve());
  });
  redisUrl = `redis://127.0.0.1:${port}`;
  script = buildServeCli();
});

afterAll(async () => {
  for (const serve of processes) await serve.stop();
  redis?.kill('SIGTERM');
});

async function start(): Promise<ServeProcess> {
  const serve = await startServe(script, await freePort(6640, 6689), [
    '--workers', '1', '--no-text', '--no-faces', '--redis', redisUrl, '--job-lock-ms', '3000',
  ]);
  processes.push(serve);
  return serve;
}

it('a deferred job whose process dies mid-job is completed by another process', async () => {
  const first = await start();
  await first.waitForLog((line) => line.msg === 'ready');
  const submitted = await fetch(`${first.url}/image`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ image: dog.toString('base64'), options: { defer: true, meta: 'survives' } }),
  });
  expect(submitted.status).toBe(202);
  const { id } = (await submitted.json()) as { id: string };
  // Killed while it checks the image: no graceful shutdown, the lock is simply never renewed.
  await first.waitForLog((line) => line.msg === 'job started' && line.job === id);
  first.child.kill('SIGKILL');
  await new Promise((resolve) => first.child.once('exit', resolve));

  const second = await start();
  await second.waitForLog((line) => line.msg === 'ready');
  let state: { status: string; result?: Verdict };
  do {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    state = (await (await fetch(`${second.url}/image/${id}`)).json()) as typeof state;
  } while (state.status === 'pending');
  expect(state.status).toBe('completed');
  expect(state.result!.meta).toBe('survives');
  expect(state.result!.suggestedActions.reject).toBe(false);
  expect(second.logs.some((line) => line.msg === 'job started' && line.job === id)).toBe(true);
  expect(await second.stop()).toBe(0);
});
