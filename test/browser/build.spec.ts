import { test, expect, type Page } from '@playwright/test';
import { build } from 'vite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveStatic, type StaticServer } from '../support/static-server.js';
import { verdictSchemaErrors } from '../support/verdict-schema.js';

// `npm run build` must give a static site that works from any static host and any sub-folder: the model and wasm
// files emitted by our plugin, found through relative URLs, with nothing fetched from anywhere else.

const SUBFOLDER = '/some/sub/folder/';

/**
 * The strictest policy the library runs under (docs/SECURITY.md): own-origin scripts and workers only, no
 * 'unsafe-eval' and no 'unsafe-inline'; 'wasm-unsafe-eval' is the one allowance, for tfjs' WebAssembly backend.
 */
const STRICT_CSP = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' blob: data:",
  "style-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join('; ');
/** The CSP header the static server sends, set per test. */
let csp: string | null = null;

let outDir: string;
let server: StaticServer;
let origin: string;

test.beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'image-guard-build-'));
  await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  server = await serveStatic(outDir, {
    prefix: SUBFOLDER,
    headers: (): Record<string, string> => (csp ? { 'Content-Security-Policy': csp } : {}),
  });
  origin = server.origin;
});

test.afterAll(async () => {
  await server?.close();
  rmSync(outDir, { recursive: true, force: true });
});

test.afterEach(() => {
  csp = null;
});

/** The next verdict the demo's <image-guard> fires (an error event fails it with the error's message). */
function nextVerdict(page: Page): Promise<unknown> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        document.addEventListener('image-guard-verdict', (event) => resolve((event as CustomEvent).detail.verdict));
        document.addEventListener('image-guard-error', (event) => reject(new Error((event as CustomEvent).detail.error.message)));
      }),
  );
}

test('the built demo screens a photo from a sub-folder of a plain static host', async ({ page }) => {
  const outside: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(`${origin}${SUBFOLDER}`) && !url.startsWith('data:') && !url.startsWith('blob:')) outside.push(url);
  });
  await page.goto(`${origin}${SUBFOLDER}`);
  const verdict = nextVerdict(page);
  await page.setInputFiles('image-guard input[type=file]', 'node_modules/@vladmandic/face-api/demo/sample1.jpg');
  const result = (await verdict) as { summary: { contentRating: string }; analysis: { backend: string } };
  expect(verdictSchemaErrors(result)).toBeNull();
  expect(result.summary.contentRating).toBe('G');
  expect(result.analysis.backend).toBe('wasm');
  expect(outside, 'requests outside the sub-folder').toEqual([]);
});

test('the built demo works under a strict Content-Security-Policy, with no violation', async ({ page }) => {
  csp = STRICT_CSP;
  const violations: string[] = [];
  await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportViolation(text: string): void }).reportViolation(
        `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.goto(`${origin}${SUBFOLDER}`);
  const verdict = nextVerdict(page);
  await page.setInputFiles('image-guard input[type=file]', 'node_modules/@vladmandic/face-api/demo/sample2.jpg');
  const result = (await verdict) as { analysis: { backend: string; errors: unknown[] } };
  expect(verdictSchemaErrors(result)).toBeNull();
  // Without 'wasm-unsafe-eval' tfjs falls back to WebGL here: wasm proves the allowance is the only one needed.
  expect(result.analysis.backend).toBe('wasm');
  expect(result.analysis.errors).toEqual([]);
  expect(violations).toEqual([]);
});
