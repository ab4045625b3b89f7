#!/usr/bin/env node
// Installs what a fresh clone is missing before `npm start`, `npm test` or `npm run bench`:
// the npm dependencies (when node_modules is absent or older than package-lock.json) and, with --browser,
// a Chromium for the browser tests (Debian's package when running as root; otherwise it says what to do).
// Uses only Node built-ins, since it runs before the dependencies exist.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { findChromium, onPath } from './chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wantBrowser = process.argv.includes('--browser');

function run(command, args) {
  console.log(`[setup] ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`[setup] "${command} ${args.join(' ')}" failed with exit code ${result.status}.`);
    process.exit(result.status ?? 1);
  }
}

function dependenciesAreCurrent() {
  const installed = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (!existsSync(installed)) return false;
  return !existsSync(lock) || statSync(installed).mtimeMs >= statSync(lock).mtimeMs;
}

if (!dependenciesAreCurrent()) {
  run('npm', existsSync(join(root, 'package-lock.json')) ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund']);
}

if (wantBrowser && !findChromium()) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && onPath('apt-get')) {
    run('apt-get', ['update']);
    run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium']);
  } else {
    console.error(
      '[setup] The browser tests need Chromium. Install it (Debian/Ubuntu: sudo apt-get install -y chromium) ' +
        'or point IMAGE_GUARD_CHROMIUM at a Chromium or Chrome executable.',
    );
    process.exit(1);
  }
}
