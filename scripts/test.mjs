#!/usr/bin/env node
// `npm test`: type-check, the unit tests (vitest, Node), the hostile Node suite (test/node: the CLI on hostile files),
// the HTTP service (test/server: real models and a real Redis), the browser tests (Playwright, real Chromium), then the
// cross-engine suite (vitest driving Firefox and WebKit, compared with Chromium; test/engines).
// Every stage runs even when an earlier one fails, and the run ends with one plain line
// "tests: N passed, N failed" counted from the runners' JSON reports.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Outside test-results/: Playwright empties that folder when it starts.
const reports = join(root, 'node_modules', '.cache', 'image-guard-kit', 'test-reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

function stage(name, command, args, env = {}) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

const vitestReport = join(reports, 'unit.json');
const playwrightReport = join(reports, 'browser.json');
const enginesReport = join(reports, 'engines.json');
const nodeReport = join(reports, 'node.json');
const serverReport = join(reports, 'server.json');
const ok = [
  stage('typecheck', 'npx', ['tsc', '--noEmit']),
  stage('unit tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${vitestReport}`]),
  stage('hostile Node tests', 'npx', [
    'vitest', 'run', '--config', 'vitest.node.config.ts', '--reporter=default', '--reporter=json', `--outputFile=${nodeReport}`,
  ]),
  stage('server tests', 'npx', [
    'vitest', 'run', '--config', 'vitest.server.config.ts', '--reporter=default', '--reporter=json', `--outputFile=${serverReport}`,
  ]),
  stage('browser tests', 'npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport }),
  stage('cross-engine tests', 'npx', [
    'vitest', 'run', '--config', 'vitest.engines.config.ts', '--reporter=default', '--reporter=json', `--outputFile=${enginesReport}`,
  ]),
];

function readJson(path) {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
}

const unit = readJson(vitestReport);
const browser = readJson(playwrightReport);
const engines = readJson(enginesReport);
const node = readJson(nodeReport);
const server = readJson(serverReport);
const passed =
  (unit?.numPassedTests ?? 0) +
  (node?.numPassedTests ?? 0) +
  (server?.numPassedTests ?? 0) +
  (browser?.stats?.expected ?? 0) + (engines?.numPassedTests ?? 0);
const testsFailed =
  (unit?.numFailedTests ?? 0) +
  (node?.numFailedTests ?? 0) +
  (server?.numFailedTests ?? 0) +
  (browser?.stats?.unexpected ?? 0) +
  (browser?.stats?.flaky ?? 0) +
  (engines?.numFailedTests ?? 0);
// A stage that failed without a failing test (type errors, a runner that crashed) still counts as a failure.
const stagesFailed = ok.filter((passedStage) => !passedStage).length;
console.log(`\ntests: ${passed} passed, ${Math.max(testsFailed, stagesFailed)} failed`);
process.exit(stagesFailed > 0 ? 1 : 0);
