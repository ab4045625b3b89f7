import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

// `image-guard-kit serve` as the server tests run it: src/ compiled by tsc into .cache/ (as test/support/node-cli.ts
// does, in a folder of its own), started as a child process, its JSON log lines collected.

const repo = resolve('.');
const out = join(repo, '.cache/server-test');

/** Compiles src/ and returns the path of the CLI script. */
export function buildServeCli(): string {
  execFileSync(
    process.execPath,
    [join(repo, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.lib.json', '--outDir', out, '--declaration', 'false', '--sourceMap', 'false', '--inlineSources', 'false'],
    { cwd: repo, stdio: 'pipe' },
  );
  return join(out, 'node/cli.js');
}

export interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  logs: LogLine[];
  /** Resolves with the first log line that `match` accepts (already logged or to come). */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** SIGTERM and wait for the exit (SIGKILL after 20 s). */
  stop(): Promise<number | null>;
}

/** Starts `serve --port <port>` with `args`, and resolves once it listens (not once it is ready). */
export async function startServe(script: string, port: number, args: string[], env: Record<string, string> = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [script, 'serve', '--port', String(port), ...args], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const logs: LogLine[] = [];
  const waiters: { match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];
  let buffer = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk;
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const text = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      let line: LogLine;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        continue;
      }
      logs.push(line);
      for (const waiter of waiters.splice(0)) {
        if (waiter.match(line)) waiter.resolve(line);
        else waiters.push(waiter);
      }
    }
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const waitForLog = (match: (line: LogLine) => boolean, timeoutMs = 240_000) => {
    const seen = logs.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise<LogLine>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`serve did not log what was waited for in ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
      waiters.push({ match, resolve: (line) => (clearTimeout(timer), done(line)) });
      void exited.then((code) => fail(new Error(`serve exited (${code}) first; stderr: ${stderr}`)));
    });
  };
  const listening = await waitForLog((line) => line.msg === 'listening', 60_000);
  return {
    url: String(listening.url),
    child,
    logs,
    waitForLog,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** A free TCP port on 127.0.0.1 from `from` upwards (the tests keep to their own range). */
export async function freePort(from: number, to = from + 99): Promise<number> {
  for (let port = from; port <= to; port++) {
    const free = await new Promise<boolean>((done) => {
      const probe = createServer();
      probe.once('error', () => done(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
    });
    if (free) return port;
  }
  throw new Error(`No free port in ${from}-${to}.`);
}
