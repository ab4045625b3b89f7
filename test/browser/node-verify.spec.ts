import { test, expect, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decodeImage } from '../../src/node/decode.js';
import { DEFAULT_LIMITS, probeImage } from '../../src/input/probe.js';
import type { Background, Sampling } from '../../src/input/pixels.js';
import type { PolicyPresetName, Verdict } from '../../src/index.js';
import { applyPolicy } from '../../src/verdict/apply.js';
import { buildNodeCli, jsonLines, runCli } from '../support/node-cli.js';
import { catPhotoUrl, dogPhotoUrl, samplePhotoUrl } from '../support/test-images.js';
import { verdictSchemaErrors } from '../support/verdict-schema.js';

// The server's check against the browser's: the same files screened by the real guard in Chromium and by the Node
// CLI (src/node, compiled by tsc), under two policies. Hash, rating, actions, flags and OCR text must be identical,
// and the model scores equal up to float noise: Node resizes with Chromium's own resampling (src/node/resize.ts).

const repo = resolve('.');
/** The demo photos (22 people), the cat and the dog, as paths from the repository root. */
const PHOTOS = [...[1, 2, 3, 4, 5, 6].map(samplePhotoUrl), catPhotoUrl, dogPhotoUrl].map((url) => url.slice(1));
/**
 * Drawn in the page (test/support/text-corpus.ts, text-set.ts): a phone number, white text on transparency, a page
 * turned 90°, and two the text detector reads line by line (a shop sign over a photo, a receipt's prices).
 */
const TEXT_CASES = ['colour monospace', 'white alpha only', 'page rotated 90', 'bakery front', 'receipt'];
const POLICIES: PolicyPresetName[] = ['balanced', 'strict'];

let cli: string;
let dir: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(() => {
  cli = buildNodeCli();
  dir = mkdtempSync(join(tmpdir(), 'image-guard-node-'));
});

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function openHarness(page: Page): Promise<void> {
  await page.goto('/test/browser/harness.html');
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
}

test("Node's resize gives the pixels of Chromium's canvas, at the sizes the analyzers ask for", async ({ page }) => {
  await openHarness(page);
  const cases: { file: string; sizes: [number, number, Sampling, Background][] }[] = [
    // NSFW (nearest), objects (squashed to 512), quality (512 side), faces (1024 side)
    { file: PHOTOS[0]!, sizes: [[224, 224, 'nearest', 'white'], [512, 512, 'smooth', 'white'], [512, 341, 'smooth', 'white'], [1024, 683, 'smooth', 'white']] },
    // OCR keeps transparency; a smaller image is enlarged (ocr.ts)
    { file: PHOTOS[6]!, sizes: [[224, 224, 'nearest', 'white'], [512, 512, 'smooth', 'white'], [800, 1042, 'smooth', 'transparent'], [1000, 900, 'smooth', 'white']] },
  ];
  const browser = await page.evaluate(async (cases) => {
    const { resizeToPixels } = await import('/src/input/decode.ts' as string);
    const results: string[][] = [];
    for (const { file, sizes } of cases) {
      const bitmap = await createImageBitmap(await (await fetch(`/${file}`)).blob(), { imageOrientation: 'from-image' });
      results.push(
        sizes.map(([width, height, sampling, background]) => {
          const { data } = resizeToPixels(bitmap, width, height, sampling, background) as ImageData;
          let text = '';
          for (let i = 0; i < data.length; i += 0x8000) text += String.fromCharCode(...data.subarray(i, i + 0x8000));
          return btoa(text);
        }),
      );
    }
    return results;
  }, cases);
  for (const [index, { file, sizes }] of cases.entries()) {
    const bytes = new Uint8Array(readFileSync(join(repo, file)));
    const { frames } = await decodeImage(bytes, probeImage(bytes, DEFAULT_LIMITS), 8);
    for (const [sizeIndex, [width, height, sampling, background]] of sizes.entries()) {
      const expected = Buffer.from(browser[index]![sizeIndex]!, 'base64');
      const { data } = await frames[0]!.resize(width, height, sampling, background);
      let max = 0;
      for (let i = 0; i < data.length; i++) max = Math.max(max, Math.abs(data[i]! - expected[i]!));
      expect(max, `${file} at ${width}×${height} ${sampling}`).toBeLessThanOrEqual(1);
    }
  }
});

interface Line {
  file: string;
  verdict?: Verdict;
  error?: { code: string; message: string };
}

test('the Node CLI gives the browser guard verdict: same hash, rating, actions, flags and text', async ({ page }) => {
  test.setTimeout(600_000);
  await openHarness(page);
  // The text images are made in the page, then saved for Node as the very bytes the browser screened.
  const drawn = await page.evaluate(async (names) => {
    const corpus = await import('/test/support/text-corpus.ts' as string);
    const set = await import('/test/support/text-set.ts' as string);
    const cases: { name: string; blob: Blob }[] = [...(await corpus.drawnCases()), ...(await set.variedCases())];
    return Promise.all(
      cases
        .filter((c) => names.includes(c.name))
        .map(async ({ name, blob }) => {
          const bytes = new Uint8Array(await blob.arrayBuffer());
          let text = '';
          for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
          return { name, base64: btoa(text) };
        }),
    );
  }, TEXT_CASES);
  const texts = drawn.map(({ name, base64 }) => {
    const path = join(dir, `${name.replace(/\W+/g, '-')}.png`);
    writeFileSync(path, Buffer.from(base64, 'base64'));
    return path;
  });
  const files = [...PHOTOS.map((file) => join(repo, file)), ...texts];

  const inBrowser = await page.evaluate(
    async ({ photos, texts, policies }) => {
      const guard = await window.imageGuardKit.createImageGuard();
      await guard.clearCache();
      const inputs = [...photos.map((file) => `/${file}`), ...texts.map((base64) => base64)];
      const verdicts: Record<string, Verdict[]> = {};
      // The evidence cache makes the second policy free: the verdict is the policy applied to the same evidence.
      for (const policy of policies) verdicts[policy] = await Promise.all(inputs.map((input) => guard.moderate(input, { policy })));
      guard.dispose();
      return verdicts;
    },
    { photos: PHOTOS, texts: drawn.map((d) => d.base64), policies: POLICIES },
  );

  // Node screens each file once, under the first policy; as in the browser, the other policies are that evidence
  // judged again (applyPolicy), so what is compared for them is the same analysis under another policy.
  const [first, ...others] = POLICIES;
  // Parity, not speed, is tested here: a generous time per file for a loaded machine.
  const run = await runCli(cli, ['verify', ...files, '--json', '--policy', first!, '--timeout-ms', '120000']);
  const screened = jsonLines<Line>(run.stdout);
  expect(screened.map((line) => line.file)).toEqual(files);
  console.log(`node-verify: ${files.length} files under ${first} in ${(run.ms / 1000).toFixed(1)} s (exit ${run.code})`);
  const actions = inBrowser[first!]!.map((verdict) => verdict.suggestedActions);
  const expectedCode = actions.some((action) => action.reject) ? 1 : actions.some((action) => action.review) ? 2 : 0;
  expect(run.code, run.stderr).toBe(expectedCode);
  const nodeLines: Record<string, Line[]> = { [first!]: screened };
  for (const policy of others) {
    nodeLines[policy] = screened.map((line) => (line.verdict ? { ...line, verdict: applyPolicy(line.verdict, policy) } : line));
  }

  let largestScoreDifference = 0;
  for (const policy of POLICIES) {
    nodeLines[policy]!.forEach(({ file, verdict, error }, index) => {
      expect(error, file).toBeUndefined();
      const browser = inBrowser[policy]![index]!;
      const node = verdict!;
      const what = `${file} (${policy})`;
      expect(verdictSchemaErrors(node), what).toBeNull();
      expect(verdictSchemaErrors(browser), what).toBeNull();
      expect(node.hash, what).toBe(browser.hash);
      expect(node.summary.contentRating, what).toBe(browser.summary.contentRating);
      expect(node.suggestedActions, what).toEqual(browser.suggestedActions);
      expect(node.analysis.flags.map((f) => [f.signal, f.action]), what).toEqual(browser.analysis.flags.map((f) => [f.signal, f.action]));
      expect(node.analysis.text?.content, what).toBe(browser.analysis.text?.content);
      // The drawn text images must really be read, or the line above compares two empty strings.
      if (index >= PHOTOS.length) expect(browser.analysis.text!.content.length, what).toBeGreaterThan(10);
      expect(node.analysis.faces?.count, what).toBe(browser.analysis.faces?.count);
      expect(node.analysis.objects?.items.map((o) => o.label), what).toEqual(browser.analysis.objects?.items.map((o) => o.label));
      expect(node.analysis.image, what).toEqual(browser.analysis.image);
      expect(node.analysis.backend, what).toBe('wasm');
      const scores = node.analysis.nsfw!.scores;
      for (const [name, score] of Object.entries(browser.analysis.nsfw!.scores)) {
        const difference = Math.abs(scores[name as keyof typeof scores] - score);
        largestScoreDifference = Math.max(largestScoreDifference, difference);
        expect(difference, `${what} nsfw ${name}`).toBeLessThan(0.01);
      }
    });
  }
  console.log(`node-verify: largest NSFW score difference, browser vs Node: ${largestScoreDifference.toExponential(2)}`);
});

test('the CLI: human-readable lines, --expect-hash, review fails unless --fail-on reject, a file that cannot be checked, usage errors', async () => {
  const cat = join(repo, PHOTOS[6]!);
  const catHash = (await import('node:crypto')).createHash('sha256').update(readFileSync(cat)).digest('hex');
  const fast = ['--no-text', '--no-faces', '--no-objects', '--timeout-ms', '120000'];

  const plain = await runCli(cli, ['verify', cat, join(repo, 'package.json'), ...fast]);
  expect(plain.stdout).toBe(
    'cat.jpg: G, passed\n' +
      'package.json: not checked (unsupported_format): This file is not an image this library can read. Accepted: JPEG, PNG, GIF, WebP, AVIF and BMP.\n',
  );
  expect(plain.code).toBe(1);

  expect((await runCli(cli, ['verify', cat, '--expect-hash', catHash, ...fast])).code).toBe(0);
  const other = await runCli(cli, ['verify', cat, '--expect-hash', '0'.repeat(64), '--json', ...fast]);
  expect(other.code).toBe(4);
  expect(jsonLines<Line & { hashMatches: boolean }>(other.stdout)[0]).toMatchObject({ hashMatches: false, verdict: { hash: catHash } });

  // Clothed people at a party: nsfwjs says "sexy" 0.95, which this policy file sends to review.
  const party = join(repo, PHOTOS[1]!);
  const policy = join(dir, 'review-suggestive.json');
  writeFileSync(policy, JSON.stringify({ nsfw: { suggestive: { review: 0.5, reject: null } } }));
  expect((await runCli(cli, ['verify', party, '--policy', policy, '--fail-on', 'reject', ...fast])).code).toBe(0);
  const review = await runCli(cli, ['verify', party, '--policy', policy, ...fast]);
  expect(review.stdout).toMatch(/^sample2\.jpg: PG-13, needs review: \[review\] Looks sexually suggestive \(95%\)\.\n$/);
  expect(review.code).toBe(2);
  // A preset by name: strict rejects what balanced lets through (the parity test above judges strict from evidence).
  expect((await runCli(cli, ['verify', party, '--policy', 'balanced', ...fast])).code).toBe(0);
  expect((await runCli(cli, ['verify', party, '--policy', 'strict', ...fast])).code).toBe(1);

  const usage = await runCli(cli, ['check', cat]);
  expect(usage.code).toBe(3);
  expect(usage.stderr).toContain('Unknown command "check"');
  expect((await runCli(cli, ['verify', cat, '--policy', join(dir, 'missing.json')])).code).toBe(3);
});
