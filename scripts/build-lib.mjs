#!/usr/bin/env node
// Builds the npm package's code into dist/: tsc compiles src/ file by file (ES modules, .d.ts, source maps), then
// the two things tsc cannot do are done here, each checked so a source change cannot silently break the package.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.lib.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

// 1. The worker is referenced by URL, not imported, so tsc leaves its '.ts' name: in the package it is worker.js.
//    (In the repo, Vite serves the .ts source under that name.)
const guard = join(dist, 'guard.js');
const source = readFileSync(guard, 'utf8');
const workerUrl = "new URL('./runtime/worker.ts', import.meta.url)";
if (!source.includes(workerUrl)) throw new Error(`build-lib: ${workerUrl} not found in dist/guard.js; update this script.`);
writeFileSync(guard, source.replace(workerUrl, "new URL('./runtime/worker.js', import.meta.url)"));

// 2. The verdict's JSON Schemas ship for servers that validate verdicts: the shared contract
//    (image-guard-kit/verdict.schema.json) and every key the library's verdict carries (verdict.full.schema.json).
for (const schema of ['verdict.schema.json', 'verdict.full.schema.json']) {
  copyFileSync(join(root, 'src/verdict', schema), join(dist, schema));
}

// 3. custom-elements.json describes the element from its TypeScript sources; the package's copy points tools at the
//    modules that ship (src/element/x.ts -> dist/element/x.js).
const manifest = readFileSync(join(root, 'custom-elements.json'), 'utf8');
writeFileSync(
  join(dist, 'custom-elements.json'),
  manifest.replace(/"src\/([^"]+)\.ts"/g, (_, path) => JSON.stringify(`dist/${path}.js`)),
);

// The CLI is run directly by npm's bin link.
const cli = join(dist, 'node/cli.js');
if (existsSync(cli)) chmodSync(cli, 0o755);
// stderr: stdout stays clean for `npm pack --json`, which runs this as prepack.
console.error('[build-lib] dist/ ready');
