import { test, expect } from '@playwright/test';
import { build } from 'vite';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { verdictSchemaErrors } from '../support/verdict-schema.js';

// `npm run build` must give a static site that works from any static host and any sub-folder: the model and wasm
// files emitted by our plugin, found through relative URLs, with nothing fetched from anywhere else.

const SUBFOLDER = '/some/sub/folder/';
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

let outDir: string;
let server: Server;
let origin: string;

test.beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'image-guard-build-'));
  await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  // A plain static file server, as any static host is: no SPA fallback, no special headers.
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://host').pathname;
    if (!path.startsWith(SUBFOLDER)) return void response.writeHead(404).end();
    const relative = normalize(decodeURIComponent(path.slice(SUBFOLDER.length)) || 'index.html');
    const file = join(outDir, relative.endsWith('/') ? `${relative}index.html` : relative);
    if (!file.startsWith(outDir) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      return void response.writeHead(404).end();
    }
    response.writeHead(200, { 'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  rmSync(outDir, { recursive: true, force: true });
});

test('the built demo screens a photo from a sub-folder of a plain static host', async ({ page }) => {
  const outside: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(`${origin}${SUBFOLDER}`) && !url.startsWith('data:') && !url.startsWith('blob:')) outside.push(url);
  });
  await page.goto(`${origin}${SUBFOLDER}`);
  const verdict = page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        document.addEventListener('image-guard-verdict', (event) => resolve((event as CustomEvent).detail.verdict));
        document.addEventListener('image-guard-error', (event) => reject(new Error((event as CustomEvent).detail.error.message)));
      }),
  );
  await page.setInputFiles('image-guard input[type=file]', 'node_modules/@vladmandic/face-api/demo/sample1.jpg');
  const result = (await verdict) as { summary: { contentRating: string }; analysis: { backend: string } };
  expect(verdictSchemaErrors(result)).toBeNull();
  expect(result.summary.contentRating).toBe('G');
  expect(result.analysis.backend).toBe('wasm');
  expect(outside, 'requests outside the sub-folder').toEqual([]);
});
