import { test, expect, type Page } from '@playwright/test';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Verdict } from '../../src/index.js';
import { devVersion, installPackedApp, repo, run } from '../support/fresh-app.js';
import { serveStatic, type StaticServer } from '../support/static-server.js';
import { uploadEndpoint, type ReceivedUpload } from '../support/upload-endpoint.js';
import { recordForeignRequests } from '../support/foreign-requests.js';

// The three upload widgets as an app gets them: the packed tarball and each widget from npm, installed into one new
// app outside the repository with examples/{filepond,uppy,dropzone}, each built with that app's Vite and served with
// an upload endpoint that records what arrives. In each: a clean photo, a blocked one (clothed people at a party,
// which the strict policy rejects) and a broken file (text named .jpg).

const WIDGETS = ['filepond', 'uppy', 'dropzone'] as const;
type Widget = (typeof WIDGETS)[number];

const photo = (n: number) => join(repo, `node_modules/@vladmandic/face-api/demo/sample${n}.jpg`);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const jpeg = (name: string, buffer: Buffer) => ({ name, mimeType: 'image/jpeg', buffer });
const clean = jpeg('sample1.jpg', readFileSync(photo(1)));
const blocked = jpeg('sample2.jpg', readFileSync(photo(2)));
const broken = jpeg('broken.jpg', Buffer.from('not a photo, just text with a .jpg name\n'));
const files = [clean, blocked, broken];
// The library's own message for it (src/input/probe.ts), shown in the widget's error state.
const notAnImage = /not an image this library can read/;

let app: string;
const servers = new Map<Widget, StaticServer>();
const uploads = new Map<Widget, ReceivedUpload[]>();

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(900_000);
  app = mkdtempSync(join(tmpdir(), 'image-guard-widgets-'));
  installPackedApp(app, {
    filepond: devVersion('filepond'),
    '@uppy/core': devVersion('@uppy/core'),
    '@uppy/dashboard': devVersion('@uppy/dashboard'),
    '@uppy/xhr-upload': devVersion('@uppy/xhr-upload'),
    dropzone: devVersion('dropzone'),
  });
  for (const widget of WIDGETS) {
    cpSync(join(repo, 'examples', widget), join(app, widget), { recursive: true, filter: (path) => !path.endsWith('package.json') });
    run(process.execPath, [join(app, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], join(app, widget));
    const endpoint = uploadEndpoint('/upload');
    uploads.set(widget, endpoint.received);
    servers.set(widget, await serveStatic(join(app, widget, 'dist'), { handle: endpoint.handle }));
  }
});

test.afterAll(async () => {
  await Promise.all([...servers.values()].map((server) => server.close()));
  if (app) rmSync(app, { recursive: true, force: true });
});

test("each entry point ships with its types, imports only its own widget, and the examples' types check", () => {
  const dist = join(app, 'node_modules/image-guard-kit/dist/widgets');
  const widgetPackages = { filepond: 'filepond', uppy: '@uppy/core', dropzone: 'dropzone' };
  for (const widget of WIDGETS) {
    for (const file of [`${widget}.js`, `${widget}.d.ts`]) {
      const source = readFileSync(join(dist, file), 'utf8');
      const imported = [...source.matchAll(/from '([^']+)'/g)].map((match) => match[1]!).filter((name) => !name.startsWith('.'));
      expect(new Set(imported), `${widget}/${file}`).toEqual(new Set(file.endsWith('.js') && widget !== 'uppy' ? [] : [widgetPackages[widget]]));
    }
    run(process.execPath, [join(app, 'node_modules/typescript/bin/tsc'), '-p', join(app, widget, 'tsconfig.json')], app);
  }
});

test('a browser app installs no sharp, and the Node verifier then says how to install it', () => {
  expect(run('npm', ['ls', 'sharp', '--all', '--parseable'], app).trim()).toBe('');
  const script = "import('image-guard-kit/node').then((m) => m.createVerifier()).catch((e) => console.log(e.name, e.code, e.message))";
  expect(run(process.execPath, ['--input-type=module', '-e', script], app)).toMatch(/^ImageGuardError missing_dependency .*npm install sharp/);
});


async function open(page: Page, widget: Widget): Promise<string[]> {
  // The models load on the first file, then the three files are checked one after another.
  test.setTimeout(300_000);
  const { origin } = servers.get(widget)!;
  const foreign = recordForeignRequests(page, origin);
  await page.goto(`${origin}/`);
  return foreign;
}

/** The one upload that arrived: the clean photo, byte for byte, with its verdict in `field` (JSON). */
function expectOnlyTheCleanPhoto(widget: Widget, fileField: string, verdictOf: (upload: ReceivedUpload) => Verdict): void {
  const received = uploads.get(widget)!;
  expect(received.flatMap((upload) => upload.files.map((file) => file.name))).toEqual([clean.name]);
  const [upload] = received;
  expect(upload!.files[0]).toMatchObject({ field: fileField, sha256: sha256(clean.buffer) });
  const verdict = verdictOf(upload!);
  expect(verdict.hash).toBe(sha256(clean.buffer));
  expect(verdict.suggestedActions.reject).toBe(false);
  expect(verdict.analysis.policy.name).toBe('strict');
}

test('FilePond: the plugin passes the clean photo with its verdict in the metadata, and the others show FilePond errors', async ({ page }) => {
  const foreign = await open(page, 'filepond');
  await page.setInputFiles('input.filepond--browser', files);
  const item = (name: string) => page.locator('.filepond--item', { has: page.locator('.filepond--file-info-main', { hasText: name }) });

  await expect(item(clean.name)).toHaveAttribute('data-filepond-item-state', 'processing-complete', { timeout: 240_000 });
  await expect(item(clean.name).locator('.filepond--file')).toHaveAttribute('data-image-guard', /^(passed|review)$/);
  await expect(item(blocked.name)).toHaveAttribute('data-filepond-item-state', 'load-invalid', { timeout: 60_000 });
  await expect(item(blocked.name).locator('.filepond--file-status-main')).toHaveText('Photo not allowed');
  await expect(item(blocked.name).locator('.filepond--file-status-sub')).toContainText(/can’t be uploaded: .*suggestive/);
  await expect(item(broken.name)).toHaveAttribute('data-filepond-item-state', 'load-invalid');
  await expect(item(broken.name).locator('.filepond--file-status-main')).toHaveText('Image could not be checked');
  await expect(item(broken.name).locator('.filepond--file-status-sub')).toContainText(notAnImage);

  // FilePond sends the item's metadata as JSON in a second `photos` field beside the file.
  expectOnlyTheCleanPhoto('filepond', 'photos', (upload) => (JSON.parse(upload.fields.photos![0]!) as { imageGuard: Verdict }).imageGuard);
  expect(foreign).toEqual([]);
});

test('Uppy: the upload waits for the verdicts; the blocked photo and the broken file fail in the Dashboard', async ({ page }) => {
  const foreign = await open(page, 'uppy');
  await page.locator('input.uppy-Dashboard-input').first().setInputFiles(files);
  const item = (name: string) => page.locator('.uppy-Dashboard-Item', { has: page.locator('.uppy-Dashboard-Item-name', { hasText: name }) });

  await expect(item(clean.name)).toHaveClass(/is-complete/, { timeout: 240_000 });
  await expect(item(blocked.name)).toHaveClass(/is-error/);
  await expect(item(blocked.name).locator('.uppy-Dashboard-Item-errorDetails')).toHaveAttribute('aria-label', /can’t be uploaded: .*suggestive/);
  await expect(item(broken.name)).toHaveClass(/is-error/);
  await expect(item(broken.name).locator('.uppy-Dashboard-Item-errorDetails')).toHaveAttribute('aria-label', notAnImage);

  // XHRUpload sends the file's meta as fields: the verdict is `imageGuard`, as JSON.
  expectOnlyTheCleanPhoto('uppy', 'photo', (upload) => JSON.parse(upload.fields.imageGuard![0]!) as Verdict);
  expect(foreign).toEqual([]);
});

test("Dropzone: accept() queues only the clean photo; the others are rejected with the library's message", async ({ page }) => {
  const foreign = await open(page, 'dropzone');
  await page.setInputFiles('input.dz-hidden-input', files);
  const preview = (name: string) => page.locator('.dz-preview', { has: page.locator('[data-dz-name]', { hasText: name }) });

  await expect(preview(clean.name)).toHaveClass(/dz-success/, { timeout: 240_000 });
  await expect(preview(clean.name)).toHaveAttribute('data-image-guard', /^(passed|review)$/);
  await expect(preview(blocked.name)).toHaveClass(/dz-error/);
  await expect(preview(blocked.name)).toHaveAttribute('data-image-guard', 'blocked');
  await expect(preview(blocked.name).locator('[data-dz-errormessage]')).toContainText(/can’t be uploaded: .*suggestive/);
  await expect(preview(broken.name)).toHaveClass(/dz-error/);
  await expect(preview(broken.name).locator('[data-dz-errormessage]')).toContainText(notAnImage);

  expectOnlyTheCleanPhoto('dropzone', 'photo', (upload) => JSON.parse(upload.fields.imageGuard![0]!) as Verdict);
  expect(foreign).toEqual([]);
});
