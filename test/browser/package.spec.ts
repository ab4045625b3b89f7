import { test, expect } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { devVersion, installPackedApp, repo, run } from '../support/fresh-app.js';
import { serveStatic, type StaticServer } from '../support/static-server.js';
import { recordForeignRequests } from '../support/foreign-requests.js';

// The package as an app developer gets it: `npm pack`, installed into a new app outside this repository together with
// the examples (examples/*), each built with that app's own Vite and served by a plain static server. Nothing
// here imports the repository's sources.

const photo = join(repo, 'node_modules/@vladmandic/face-api/demo/sample1.jpg');
const photoHash = createHash('sha256').update(readFileSync(photo)).digest('hex');
const EXAMPLES = ['element', 'react', 'vue', 'custom-ui'] as const;

let app: string;
let tarball: string;
const servers = new Map<(typeof EXAMPLES)[number], StaticServer>();

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(900_000);
  app = mkdtempSync(join(tmpdir(), 'image-guard-app-'));
  tarball = installPackedApp(app, {
    '@lit/react': '^1.0.8',
    react: '^19.2.0',
    'react-dom': '^19.2.0',
    vue: '^3.5.0',
    // The verifier's decoder: an optional peer dependency, which a server installs (a browser app does not).
    sharp: devVersion('sharp'),
  });
  for (const example of EXAMPLES) {
    cpSync(join(repo, 'examples', example), join(app, example), { recursive: true, filter: (path) => !path.endsWith('package.json') });
    run(process.execPath, [join(app, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], join(app, example));
    servers.set(example, await serveStatic(join(app, example, 'dist')));
  }
});

test.afterAll(async () => {
  await Promise.all([...servers.values()].map((server) => server.close()));
  if (app) rmSync(app, { recursive: true, force: true });
});

test('the tarball holds the built package, its types and manifest, and nothing the user does not need', () => {
  const files = run('tar', ['-tzf', tarball], app).split('\n').filter(Boolean);
  for (const needed of [
    'package/package.json',
    'package/README.md',
    'package/dist/custom-elements.json',
    'package/dist/index.js',
    'package/dist/index.d.ts',
    'package/dist/element.js',
    'package/dist/element.d.ts',
    'package/dist/vite/plugin.js',
    'package/dist/vite/plugin.d.ts',
    'package/dist/runtime/worker.js',
    'package/dist/verdict.schema.json',
    'package/dist/verdict.full.schema.json',
    'package/dist/node/verify.js',
    'package/dist/node/verify.d.ts',
    'package/dist/node/cli.js',
  ]) {
    expect(files, needed).toContain(needed);
  }
  const unwanted = files.filter((file) => /^package\/(src|test|demo|bench|examples|scripts|site|node_modules)\//.test(file));
  expect(unwanted).toEqual([]);
  const manifest = JSON.parse(readFileSync(join(app, 'node_modules/image-guard-kit/package.json'), 'utf8')) as {
    sideEffects: string[];
    customElements: string;
  };
  // Only the module that defines <image-guard> has a side effect (src/element.ts is its source, for this repo's own build).
  expect(manifest.sideEffects).toEqual(['./dist/element.js', './src/element.ts']);
  expect(manifest.customElements).toBe('dist/custom-elements.json');
  // The shipped manifest points at modules that ship.
  const elements = readFileSync(join(app, 'node_modules/image-guard-kit/dist/custom-elements.json'), 'utf8');
  expect(elements).toContain('"dist/element/image-guard.js"');
  expect(elements).not.toContain('"src/');
});

test('the app ends up with exactly one tfjs', () => {
  const copies = run('npm', ['ls', '@tensorflow/tfjs-core', '--all', '--parseable'], app).split('\n').filter(Boolean);
  expect(new Set(copies).size, copies.join('\n')).toBe(1);
});

test("the package's types check in a strict TypeScript app (skipLibCheck off)", () => {
  for (const example of ['element', 'custom-ui']) {
    run(process.execPath, [join(app, 'node_modules/typescript/bin/tsc'), '-p', join(app, example, 'tsconfig.json')], app);
  }
});

test('an app without Vite copies the runtime files with runtimeAssets(), as docs/API.md shows', () => {
  const script = [
    "import { mkdirSync, writeFileSync } from 'node:fs';",
    "import { dirname, join } from 'node:path';",
    "import { runtimeAssets } from 'image-guard-kit/vite';",
    'for (const asset of runtimeAssets()) {',
    '  const target = join(process.argv[2], asset.path);',
    '  mkdirSync(dirname(target), { recursive: true });',
    '  writeFileSync(target, asset.read());',
    '}',
  ].join('\n');
  writeFileSync(join(app, 'copy-image-guard-files.mjs'), script);
  run(process.execPath, ['copy-image-guard-files.mjs', 'public/models'], app);
  // The same files the Vite build emitted for the element example.
  const listed = (root: string): string[] =>
    readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
      .sort();
  const copied = listed(join(app, 'public/models'));
  expect(copied.length).toBeGreaterThan(10);
  expect(copied).toEqual(listed(join(app, 'element/dist/image-guard-kit')));
});

test('npx image-guard-kit verify on the server: exit 0 for a clean photo, 1 for a rejected one, no connection at all', () => {
  test.setTimeout(180_000);
  // Every socket the CLI opens is reported on stderr: the verifier reads its model files from disk, so there is none.
  const hook = join(app, 'report-connections.mjs');
  writeFileSync(
    hook,
    [
      "import net from 'node:net';",
      // Proof that the hook is loaded (in the main thread and in the analysis thread), so "no connection" means none.
      "process.stderr.write('connection hook loaded\\n');",
      'const connect = net.Socket.prototype.connect;',
      'net.Socket.prototype.connect = function (...args) {',
      // net.connect() hands connect() its arguments already normalised, as an array.
      '  const [first, second] = Array.isArray(args[0]) ? args[0] : args;',
      "  const options = typeof first === 'object' && first !== null ? first : { port: first, host: second };",
      "  if (options.path === undefined) process.stderr.write(`connection: ${options.host ?? 'localhost'}:${options.port}\\n`);",
      '  return connect.apply(this, args);',
      '};',
    ].join('\n'),
  );
  // Clothed people at a party: nsfwjs says "sexy" 0.95, which this policy rejects.
  const policy = join(app, 'reject-suggestive.json');
  writeFileSync(policy, JSON.stringify({ nsfw: { suggestive: { review: 0.5, reject: 0.9 } } }));
  const npx = (args: string[]) =>
    spawnSync('npx', ['--no', 'image-guard-kit', 'verify', ...args], {
      cwd: app,
      encoding: 'utf8',
      env: { ...process.env, NODE_ENV: '', NODE_OPTIONS: `--import=${pathToFileURL(hook).href}`, npm_config_offline: 'true', npm_config_update_notifier: 'false' },
    });

  const clean = npx([photo, '--json']);
  expect(clean.status, clean.stderr).toBe(0);
  const [line] = clean.stdout.trim().split('\n').map((text) => JSON.parse(text) as { file: string; verdict: { hash: string; suggestedActions: unknown } });
  expect(line).toMatchObject({ file: photo, verdict: { hash: photoHash, suggestedActions: { reject: false, review: false } } });

  const party = join(repo, 'node_modules/@vladmandic/face-api/demo/sample2.jpg');
  const rejected = npx([party, '--policy', policy]);
  expect(rejected.stdout).toMatch(/^sample2\.jpg: PG-13, rejected: \[reject\] Looks sexually suggestive \(95%\)\. .*\n$/);
  expect(rejected.status, rejected.stderr).toBe(1);

  const connections = [clean, rejected].flatMap((run) => run.stderr.split('\n').filter((text) => text.startsWith('connection: ')));
  expect(clean.stderr).toContain('connection hook loaded');
  expect(connections).toEqual([]);
});


test('the element in a plain Vite app: a picked photo gets its verdict', async ({ page }) => {
  const { origin } = servers.get('element')!;
  const foreign = recordForeignRequests(page, origin);
  await page.goto(`${origin}/`);
  await page.setInputFiles('image-guard input[type=file]', photo);
  await expect(page.locator('#result')).toHaveAttribute('data-hash', photoHash, { timeout: 60_000 });
  await expect(page.locator('#result')).toContainText('sample1.jpg: rated G');
  expect(foreign).toEqual([]);
});

test('the API alone with a custom UI', async ({ page }) => {
  const { origin } = servers.get('custom-ui')!;
  const foreign = recordForeignRequests(page, origin);
  await page.goto(`${origin}/`);
  await expect(page.locator('#status')).toHaveText('Ready: choose photos.', { timeout: 60_000 });
  await page.setInputFiles('#picker', [photo, join(repo, 'package.json')]);
  await expect(page.locator(`li[data-hash="${photoHash}"]`)).toContainText('ok to upload', { timeout: 60_000 });
  // A file that is not an image gets its typed error, and does not stop the rest.
  await expect(page.locator('li[data-error]')).toHaveAttribute('data-error', 'unsupported_format');
  expect(foreign).toEqual([]);
});

test("the element in the app's own Vite dev server: the plugin serves the files and the worker runs unbundled", async ({ page }) => {
  // The port next to the test server's (playwright.config.ts), free for this one test.
  const port = Number(process.env.IMAGE_GUARD_TEST_PORT ?? 5199) + 1;
  const origin = `http://127.0.0.1:${port}`;
  const dev = spawn(process.execPath, [join(app, 'node_modules/vite/bin/vite.js'), '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    cwd: join(app, 'element'),
    stdio: 'ignore',
  });
  try {
    await expect(async () => expect((await fetch(`${origin}/`)).ok).toBe(true)).toPass({ timeout: 30_000 });
    const foreign = recordForeignRequests(page, origin);
    await page.goto(`${origin}/`);
    await page.setInputFiles('image-guard input[type=file]', photo);
    await expect(page.locator('#result')).toHaveAttribute('data-hash', photoHash, { timeout: 90_000 });
    expect(foreign).toEqual([]);
  } finally {
    dev.kill();
  }
});

for (const framework of ['react', 'vue'] as const) {
  test(`the element in a ${framework === 'react' ? 'React' : 'Vue'} SPA: props reach it and its events reach the app`, async ({ page }) => {
    const { origin } = servers.get(framework)!;
    const foreign = recordForeignRequests(page, origin);
    await page.goto(`${origin}/`);
    // The framework set the policy as a property or attribute on the real element.
    await expect(page.locator('image-guard')).toHaveJSProperty('policy', 'strict');
    await page.setInputFiles('image-guard input[type=file]', photo);
    await expect(page.locator(`li[data-hash="${photoHash}"]`)).toHaveText('sample1.jpg: G', { timeout: 60_000 });
    expect(foreign).toEqual([]);
  });
}

test('the examples import only the package, never the repository sources', () => {
  for (const example of EXAMPLES) {
    const sources = readdirSync(join(repo, 'examples', example)).filter((file) => /\.(ts|js|jsx)$/.test(file));
    for (const file of sources) {
      expect(readFileSync(join(repo, 'examples', example, file), 'utf8'), `${example}/${file}`).not.toMatch(/\.\.\/|\/src\//);
    }
  }
});
