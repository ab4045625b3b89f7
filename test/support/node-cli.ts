import { execFileSync, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

// The Node verifier and CLI as the browser tests run them: src/ compiled by tsc into .cache/ (inside the repository,
// so its imports find node_modules and package.json's `imports`), without touching dist/.

const repo = resolve('.');
// One folder per Playwright worker running at the same time: two specs compiling into one folder would race.
const out = join(repo, `.cache/node-verify-${process.env.TEST_PARALLEL_INDEX ?? 'main'}`);

/** Compiles src/ (about 3 s) and returns the path of the CLI script. */
export function buildNodeCli(): string {
  execFileSync(
    process.execPath,
    [join(repo, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.lib.json', '--outDir', out, '--declaration', 'false', '--sourceMap', 'false', '--inlineSources', 'false'],
    { cwd: repo, stdio: 'pipe' },
  );
  return join(out, 'node/cli.js');
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a CLI script with `args` and waits for it to exit on its own (it must: nothing may keep it alive). */
export function runCli(script: string, args: string[], cwd = repo): Promise<CliRun> {
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [script, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr, ms: performance.now() - started }));
  });
}

/** The JSON Lines of `verify --json`. */
export function jsonLines<T>(stdout: string): T[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}
