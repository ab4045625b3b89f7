#!/usr/bin/env node
// `node bench/serve.mjs`: what one machine sustains with `image-guard-kit serve`, against the CLI on the same files
// in the same run. The service gets BENCH_SERVE_IMAGES requests (default 24: the six demo photos, the cat and the
// dog, repeated) from BENCH_SERVE_CLIENTS concurrent clients (default 4) per round; the CLI verifies the same files in
// one process, as a server without the service would (`image-guard-kit verify a.jpg b.jpg ...`). Medians over
// BENCH_ROUNDS rounds (default 2). Model loading is reported apart: the service pays it once, the CLI every run.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { isMain, median, photos } from './session.mjs';

const repo = resolve('.');
const files = [...photos, 'node_modules/cat-picture/cat.jpg', 'node_modules/dog-picture/dog.jpg'];

function buildCli() {
  const out = join(repo, '.cache/bench-serve');
  execFileSync(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.lib.json', '--outDir', out, '--declaration', 'false', '--sourceMap', 'false', '--inlineSources', 'false'], { cwd: repo, stdio: 'pipe' });
  return join(out, 'node/cli.js');
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** Starts serve on a free port and resolves once /healthz answers 200 (the models are loaded). */
async function startServe(cli, workers) {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--workers', String(workers), '--timeout-ms', '120000'], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
  const started = performance.now();
  const url = await new Promise((done, fail) => {
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      for (const line of buffer.split('\n')) {
        try {
          const entry = JSON.parse(line);
          if (entry.msg === 'listening') done(String(entry.url));
        } catch {
          /* a partial line */
        }
      }
      buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
    });
    child.once('exit', (code) => fail(new Error(`serve exited (${code}) before listening`)));
  });
  for (;;) {
    const health = await fetch(`${url}/healthz`).catch(() => null);
    if (health?.status === 200) break;
    if (performance.now() - started > 300_000) throw new Error('serve was not ready within 300 s');
    await new Promise((done) => setTimeout(done, 250));
  }
  return { url, child, readyMs: performance.now() - started };
}

/** `images` requests from `clients` concurrent clients; every answer must be a verdict. */
async function loadRound(url, bodies, images, clients) {
  const latencies = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < images) {
        const body = bodies[next++ % bodies.length];
        const sent = performance.now();
        const response = await fetch(`${url}/image`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        const answer = await response.json();
        if (response.status !== 200 || !answer.hash) throw new Error(`serve answered ${response.status}: ${JSON.stringify(answer).slice(0, 200)}`);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { wallMs: performance.now() - started, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) };
}

function cliRound(cli, list) {
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cli, 'verify', '--json', '--fail-on', 'reject', '--timeout-ms', '120000', ...list], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 || code === 1 ? done(performance.now() - started) : fail(new Error(`the CLI exited ${code}`))));
  });
}

export async function serveLoad(rounds) {
  const images = Number(process.env.BENCH_SERVE_IMAGES ?? 24);
  const clients = Number(process.env.BENCH_SERVE_CLIENTS ?? 4);
  const workers = availableParallelism();
  const cli = buildCli();
  const bodies = files.map((file) => JSON.stringify({ image: readFileSync(file).toString('base64') }));
  const list = Array.from({ length: images }, (_, index) => files[index % files.length]);
  const serve = await startServe(cli, workers);
  const server = [];
  const cliMs = [];
  try {
    for (let round = 0; round < rounds; round++) {
      server.push(await loadRound(serve.url, bodies, images, clients));
      cliMs.push(await cliRound(cli, list));
    }
  } finally {
    serve.child.kill('SIGTERM');
  }
  const serveWall = median(server.map((round) => round.wallMs));
  const cliWall = median(cliMs);
  const servePerSecond = images / (serveWall / 1000);
  const cliPerSecond = images / (cliWall / 1000);
  console.log(`\n## image-guard-kit serve: ${images} images, ${clients} concurrent clients, ${workers} threads (medians of ${rounds} rounds)`);
  console.log(`ready (models loaded) after ${(serve.readyMs / 1000).toFixed(1)} s`);
  console.log(`serve: ${servePerSecond.toFixed(2)} images/s (${(servePerSecond / workers).toFixed(2)} per core), p50 ${(median(server.map((r) => r.p50)) / 1000).toFixed(1)} s, p99 ${(median(server.map((r) => r.p99)) / 1000).toFixed(1)} s (queueing included)`);
  console.log(`CLI, one process for the same ${images} files (model loading included): ${cliPerSecond.toFixed(2)} images/s`);
  console.log(`serve vs CLI throughput: ${(servePerSecond / cliPerSecond).toFixed(2)}x`);
}

if (isMain(import.meta.url)) await serveLoad(Number(process.env.BENCH_ROUNDS ?? 2));
