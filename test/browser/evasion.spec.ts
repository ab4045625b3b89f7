import { test, expect, type Page } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NsfwEvidence, PolicyPresetName, Verdict } from '../../src/index.js';
import { buildEvasionCorpus, type EditKind, type EvasionEntry } from '../support/evasion-corpus.js';
import { buildNodeCli, jsonLines, runCli } from '../support/node-cli.js';

// NSFW regions (src/analyzers/nsfw/regions.ts) pinned on a representative part of the evasion set
// (test/support/evasion-corpus.ts): every kind of framing edit of a suggestive photo that was tuned on (party2) and one that
// was not (party5), and every edit of an ordinary party photo (nsfwjs: 0.06 on the whole, three women), screened once
// each by an NSFW-only guard in one page; and the same photos pasted small into ordinary photos (scenes), screened with
// objects and faces on, whose person and face boxes NSFW looks at again. The whole set, with the cost, is
// bench/evasion.mjs.

const SOURCES = ['party2', 'party5', 'party1'];
/** Turns are left to the bench: the whole-frame pass decides them (turned looks are off by default). */
const KINDS: EditKind[] = ['border', 'strip', 'corner', 'collage', 'screenshot'];
const PRESETS: PolicyPresetName[] = ['balanced', 'strict', 'permissive'];
/** The target: an edit keeps this share of the unedited photo's sexual signal (sexy + porn + hentai). */
const KEEP = 0.7;
/** Longer side of the photo in the edit, in pixels, from which nsfwjs can still read it (docs/POLICY.md). */
const READABLE = 200;

const signal = (scores: NsfwEvidence['scores']) => scores.sexy + scores.porn + scores.hentai;

/** Looked at by the second look: the person and face boxes of the object and face analyzers. */
const PEOPLE_KINDS: EditKind[] = ['scene'];

interface Screened {
  entry: EvasionEntry;
  /** One verdict per preset, from the same evidence (the evidence cache). */
  verdicts: Record<PolicyPresetName, Verdict>;
}

let page: Page;
let screened: Screened[];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  const framed = await buildEvasionCorpus({ sources: SOURCES, kinds: KINDS });
  const scenes = (await buildEvasionCorpus({ sources: SOURCES, kinds: PEOPLE_KINDS })).filter((entry) => entry.kind !== 'none');
  const entries = [...framed, ...scenes];
  page = await browser.newPage();
  await page.goto('/test/browser/harness.html');
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  const verdicts = await page.evaluate(
    async ({ files, presets, people }) => {
      const guard = await window.imageGuardKit.createImageGuard({ analyzers: { faces: false, text: false, objects: false, quality: false } });
      const withPeople = await window.imageGuardKit.createImageGuard({ analyzers: { text: false, quality: false } });
      const out: Record<string, Verdict>[] = [];
      for (const [i, base64] of files.entries()) {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const file = new File([bytes], 'upload.jpg', { type: 'image/jpeg' });
        const byPreset: Record<string, Verdict> = {};
        for (const policy of presets) byPreset[policy] = await (people[i] ? withPeople : guard).moderate(file, { policy });
        out.push(byPreset);
      }
      guard.dispose();
      withPeople.dispose();
      return out;
    },
    { files: entries.map((entry) => Buffer.from(entry.bytes).toString('base64')), presets: PRESETS, people: entries.map((entry) => PEOPLE_KINDS.includes(entry.kind)) },
  );
  screened = entries.map((entry, i) => ({ entry, verdicts: verdicts[i] as Screened['verdicts'] }));
});

test.afterAll(async () => {
  await page?.close();
});

const nsfwOf = (item: Screened) => item.verdicts.balanced.analysis.nsfw!;
const unedited = (source: string) => screened.find((item) => item.entry.source === source && item.entry.kind === 'none')!;

/** How much of the edited image the deciding region shares with where the photo really is. */
function insideShare(region: NonNullable<NsfwEvidence['region']>['box'], truth: EvasionEntry['box']): number {
  const width = Math.min(region.x + region.width, truth.x + truth.width) - Math.max(region.x, truth.x);
  const height = Math.min(region.y + region.height, truth.y + truth.height) - Math.max(region.y, truth.y);
  return width > 0 && height > 0 ? (width * height) / (region.width * region.height) : 0;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

test('each kind of edit of a suggestive photo keeps its signal, and the deciding region is where the photo is', () => {
  const kept: Partial<Record<EditKind, number[]>> = {};
  for (const source of ['party2', 'party5']) {
    const reference = signal(nsfwOf(unedited(source)).scores);
    for (const item of screened.filter((candidate) => candidate.entry.source === source && KINDS.includes(candidate.entry.kind))) {
      const nsfw = nsfwOf(item);
      // Under READABLE px the photo alone is past what nsfwjs can read (bench/evasion.mjs, "photo alone"): logged only.
      const side = Math.max(item.entry.box.width * item.entry.width, item.entry.box.height * item.entry.height);
      if (side >= READABLE) (kept[item.entry.kind] ??= []).push(signal(nsfw.scores) / reference);
      // A region that decided lies on the photo, not on the canvas or a neighbouring cell.
      if (nsfw.region) expect(insideShare(nsfw.region.box, item.entry.box), item.entry.name).toBeGreaterThan(0.8);
      console.log(`${item.entry.name}: kept ${(signal(nsfw.scores) / reference).toFixed(2)}, ${nsfw.passes} passes, ${nsfw.region?.reason ?? 'whole frame'}`);
    }
  }
  for (const [kind, values] of Object.entries(kept)) {
    console.log(`${kind}: kept median ${median(values).toFixed(2)}, worst ${Math.min(...values).toFixed(2)}`);
    expect(median(values), kind).toBeGreaterThanOrEqual(KEEP);
  }
  // Without region passes every framed edit loses its signal; these keep it through a region.
  for (const kind of ['border', 'strip', 'corner', 'collage'] as const) {
    expect(screened.some((item) => item.entry.kind === kind && item.entry.suggestive && nsfwOf(item).region), kind).toBe(true);
  }
});

test('a suggestive photo small in an ordinary scene is found where the object detector sees its people', () => {
  for (const item of screened.filter((candidate) => candidate.entry.kind === 'scene' && candidate.entry.suggestive)) {
    const nsfw = nsfwOf(item);
    const reference = signal(nsfwOf(unedited(item.entry.source)).scores);
    console.log(`${item.entry.name}: kept ${(signal(nsfw.scores) / reference).toFixed(2)}, ${nsfw.passes} passes, ${nsfw.region?.reason ?? 'whole frame'}`);
    // At most the budget, and a person's look is centred on the photo (a face's body, its margin, may reach past it).
    expect(nsfw.passes, item.entry.name).toBeLessThanOrEqual(4);
    if (nsfw.region) {
      const { x, y, width, height } = nsfw.region.box;
      const photo = item.entry.box;
      const [cx, cy] = [x + width / 2, y + height / 2];
      expect(cx > photo.x && cx < photo.x + photo.width && cy > photo.y && cy < photo.y + photo.height, item.entry.name).toBe(true);
    }
  }
  // Both suggestive sources in both scenes: the NSFW-only pass loses them (bench/evasion.mjs), a person's look keeps
  // them; the people, gathered in the pasted photo, are looked at before turns of the whole (which, tried first, spent
  // the passes of party photos 3, 5 and 6 in bench/evasion.mjs' scenes).
  for (const item of screened.filter((candidate) => candidate.entry.kind === 'scene' && candidate.entry.suggestive)) {
    expect(nsfwOf(item).region?.reason, item.entry.name).toBe('person');
    expect(signal(nsfwOf(item).scores) / signal(nsfwOf(unedited(item.entry.source)).scores), item.entry.name).toBeGreaterThanOrEqual(KEEP);
  }
});

test('safe pictures: unflagged under every preset, and no region of an ordinary picture or its edits ever decides', () => {
  for (const item of screened.filter((candidate) => !candidate.entry.suggestive)) {
    // With no region deciding, the scores are the whole frame's: no preset flags anything the single pass did not.
    expect(nsfwOf(item).region, item.entry.name).toBeUndefined();
    for (const preset of PRESETS) expect(item.verdicts[preset].analysis.flags, `${item.entry.name} under ${preset}`).toEqual([]);
  }
});

test('the Node verifier sees what the browser sees on edited images: the same region, passes and scores, the second look included', async () => {
  const cli = buildNodeCli();
  const dir = mkdtempSync(join(tmpdir(), 'image-guard-evasion-'));
  try {
    const picked = (['border', 'strip', 'collage'] as const).map(
      (kind) => screened.find((item) => item.entry.source === 'party2' && item.entry.kind === kind && nsfwOf(item).region)!,
    );
    // A second look at a person, with objects and faces on in both.
    const scene = screened.find((item) => item.entry.source === 'party2' && item.entry.kind === 'scene' && nsfwOf(item).region?.reason === 'person')!;
    const files = [...picked, scene].map((item, i) => {
      const path = join(dir, `edit-${i}.jpg`);
      writeFileSync(path, item.entry.bytes);
      return path;
    });
    const nsfwOnly = await runCli(cli, ['verify', ...files.slice(0, picked.length), '--json', '--no-faces', '--no-text', '--no-objects', '--no-quality', '--timeout-ms', '120000']);
    const withPeople = await runCli(cli, ['verify', files.at(-1)!, '--json', '--no-text', '--no-quality', '--timeout-ms', '120000']);
    const lines = [...jsonLines<{ file: string; verdict?: Verdict }>(nsfwOnly.stdout), ...jsonLines<{ file: string; verdict?: Verdict }>(withPeople.stdout)];
    expect(lines.map((line) => line.file)).toEqual(files);
    const checked = [...picked, scene];
    lines.forEach(({ verdict }, i) => {
      const browser = nsfwOf(checked[i]!);
      const node = verdict!.analysis.nsfw!;
      const what = checked[i]!.entry.name;
      expect(node.passes, what).toBe(browser.passes);
      expect(node.region?.reason, what).toBe(browser.region?.reason);
      for (const side of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(node.region!.box[side] - browser.region!.box[side]), what).toBeLessThan(0.01);
      for (const [name, score] of Object.entries(browser.scores)) expect(Math.abs(node.scores[name as keyof typeof node.scores] - score), `${what} ${name}`).toBeLessThan(0.01);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
