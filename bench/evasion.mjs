#!/usr/bin/env node
// NSFW regions on the evasion set (test/support/evasion-corpus.ts): how much of a suggestive photo's sexual signal
// (sexy + porn + hentai) each kind of edit keeps, as the library sees it with its region passes and as the single
// whole-frame pass sees it, against the unedited photo's single pass; the ordinary pictures' worst signal (nothing
// may be raised into a flag); and the cost of an edited image against the single pass, in model passes and time.
// Scenes (the photo small in an ordinary photo) and the unedited pictures are also screened with objects and faces
// on, whose person and face boxes NSFW looks at again. Part of `npm run bench` (bench/run.mjs); alone:
// `node bench/evasion.mjs` (EVASION_SOURCES=party2,cat and EVASION_KINDS=scene,border to narrow).
import sharp from 'sharp';
import { isMain, median, startBench } from './session.mjs';

const signal = (scores) => scores.sexy + scores.porn + scores.hentai;
const explicit = (scores) => scores.porn + scores.hentai;

/** `nsfwTimes`: bench/nsfw.mjs' medians from the same run, when there is one (npm run bench), for the summary. */
export async function evasion(bench, nsfwTimes) {
  const { buildEvasionCorpus } = await bench.server.ssrLoadModule('/test/support/evasion-corpus.ts');
  const sources = process.env.EVASION_SOURCES?.split(',');
  const kindsWanted = process.env.EVASION_KINDS?.split(',');
  const entries = await buildEvasionCorpus({ sources, kinds: kindsWanted });
  const nsfwOnly = (nsfw) => ({ analyzers: { nsfw, faces: false, text: false, objects: false, quality: false } });
  const { page: regions } = await bench.library(nsfwOnly(true));
  const { page: single } = await bench.library(nsfwOnly({ maxPasses: 1 }));
  // NSFW with the object and face analyzers whose boxes it looks at again (text and quality off: they add nothing here).
  const withPeople = (nsfw) => ({ analyzers: { nsfw, faces: true, text: false, objects: true, quality: false } });
  const { page: people } = await bench.library(withPeople(true));
  const { page: peopleSingle } = await bench.library(withPeople({ maxPasses: 1 }));
  const looksAtPeople = (entry) => entry.kind === 'scene' || entry.kind === 'none';
  const screen = (page, entry) => screenBytes(page, entry.bytes, 'image/jpeg');
  const screenBytes = (page, bytes, type) =>
    page.evaluate(async ({ data, type }) => {
      const file = new File([new Uint8Array(data)], 'upload', { type });
      const started = performance.now();
      const verdict = await window.guard.moderate(file, {});
      return { ms: performance.now() - started, nsfw: verdict.analysis.nsfw, persons: verdict.analysis.objects?.items.filter((item) => item.label === 'person').length ?? 0 };
    }, { data: [...bytes], type });
  // One warm-up each, not counted.
  await screen(regions, entries[0]);
  await screen(single, entries[0]);
  await screen(people, entries[0]);
  await screen(peopleSingle, entries[0]);

  const rows = [];
  for (const entry of entries) {
    const one = await screen(single, entry);
    const many = await screen(regions, entry);
    // The photo alone, cut out of the edit exactly where it lies (lossless): what a perfect layout could show the
    // model, so a loss the layout causes is told apart from the model's own at that size.
    const alone = entry.suggestive && !['none', 'turn'].includes(entry.kind) ? await screenBytes(single, await cutOut(entry), 'image/png') : null;
    const viaPeople = looksAtPeople(entry) ? { single: await screen(peopleSingle, entry), regions: await screen(people, entry) } : null;
    rows.push({ entry, single: one, regions: many, alone, people: viaPeople });
  }
  for (const page of [regions, single, people, peopleSingle]) await page.close();

  const reference = Object.fromEntries(rows.filter((row) => row.entry.kind === 'none').map((row) => [row.entry.source, signal(row.single.nsfw.scores)]));
  const unedited = Object.fromEntries(rows.filter((row) => row.entry.kind === 'none').map((row) => [row.entry.source, row.single.nsfw.scores]));
  const kinds = [...new Set(entries.map((entry) => entry.kind))];
  const table = {};
  for (const kind of kinds) {
    const suggestive = rows.filter((row) => row.entry.kind === kind && row.entry.suggestive);
    const ordinary = rows.filter((row) => row.entry.kind === kind && !row.entry.suggestive);
    const kept = (key) => suggestive.map((row) => signal((row[key] ?? row.single).nsfw.scores) / reference[row.entry.source]);
    const held = suggestive.filter((row) => !row.entry.tuning).map((row) => signal(row.regions.nsfw.scores) / reference[row.entry.source]);
    table[kind] = {
      images: suggestive.length + ordinary.length,
      'kept median': +median(kept('regions')).toFixed(2),
      'kept worst': +Math.min(...kept('regions')).toFixed(2),
      'held-out worst': held.length ? +Math.min(...held).toFixed(2) : '-',
      'photo alone median': +median(kept('alone')).toFixed(2),
      'photo alone worst': +Math.min(...kept('alone')).toFixed(2),
      'single pass median': +median(kept('single')).toFixed(2),
      'single pass worst': +Math.min(...kept('single')).toFixed(2),
      // nsfwjs reads a cut-out suggestive photo as more explicit than the whole (porn up, sexy down): how often
      // an edit's verdict moves from suggestive to explicit (porn + hentai >= 0.5) where the unedited one was not.
      'explicit where unedited was not': suggestive.filter((row) => explicit(row.regions.nsfw.scores) >= 0.5 && explicit(unedited[row.entry.source]) < 0.5).length,
      'ordinary max signal': ordinary.length ? +Math.max(...ordinary.map((row) => signal(row.regions.nsfw.scores))).toFixed(3) : '-',
      'ordinary raised': ordinary.filter((row) => row.regions.nsfw.region).length,
      'passes median': median(rows.filter((row) => row.entry.kind === kind).map((row) => row.regions.nsfw.passes ?? 1)),
      'x single pass (ms)': +median(rows.filter((row) => row.entry.kind === kind).map((row) => row.regions.ms / row.single.ms)).toFixed(2),
    };
  }
  console.log(`\nNSFW regions on the evasion set: ${entries.length} images, ${Object.keys(reference).length} sources; kept = signal / unedited single pass (suggestive sources only):`);
  console.table(table);
  const weakest = rows
    .filter((row) => row.entry.suggestive && row.entry.kind !== 'none')
    .map((row) => ({
      name: row.entry.name,
      kept: +(signal((row.people?.regions ?? row.regions).nsfw.scores) / reference[row.entry.source]).toFixed(2),
      'photo alone': row.alone ? +(signal(row.alone.nsfw.scores) / reference[row.entry.source]).toFixed(2) : '-',
      'photo px': `${Math.round(row.entry.box.width * row.entry.width)}x${Math.round(row.entry.box.height * row.entry.height)}`,
      passes: (row.people?.regions ?? row.regions).nsfw.passes, region: (row.people?.regions ?? row.regions).nsfw.region?.reason ?? '-' }))
    .sort((a, b) => a.kept - b.kept)
    .slice(0, 8);
  const peopleTable = {};
  for (const kind of kinds.filter((candidate) => rows.some((row) => row.entry.kind === candidate && row.people))) {
    const ofKind = rows.filter((row) => row.entry.kind === kind && row.people);
    const suggestive = ofKind.filter((row) => row.entry.suggestive);
    const ordinary = ofKind.filter((row) => !row.entry.suggestive);
    const kept = (pick) => suggestive.map((row) => signal(pick(row).nsfw.scores) / reference[row.entry.source]);
    peopleTable[kind] = {
      images: ofKind.length,
      'kept median': +median(kept((row) => row.people.regions)).toFixed(2),
      'kept worst': +Math.min(...kept((row) => row.people.regions)).toFixed(2),
      'NSFW alone median': +median(kept((row) => row.regions)).toFixed(2),
      'NSFW alone worst': +Math.min(...kept((row) => row.regions)).toFixed(2),
      'decided by a person': suggestive.filter((row) => row.people.regions.nsfw.region?.reason === 'person').length,
      'ordinary max signal': ordinary.length ? +Math.max(...ordinary.map((row) => signal(row.people.regions.nsfw.scores))).toFixed(3) : '-',
      'ordinary raised': ordinary.filter((row) => row.people.regions.nsfw.region).length,
      'passes median': median(ofKind.map((row) => row.people.regions.nsfw.passes ?? 1)),
      'x single pass (ms)': +median(ofKind.map((row) => row.people.regions.ms / row.people.single.ms)).toFixed(2),
    };
  }
  console.log('\nWith objects and faces on (their person and face boxes are looked at again); "x single pass": against the same analyzers with maxPasses 1:');
  console.table(peopleTable);
  const edited = rows.filter((row) => !['none', 'turn', 'scene'].includes(row.entry.kind));
  const ratios = edited.map((row) => row.regions.ms / row.single.ms);
  console.log(
    `Cost of an edited image (${edited.length}: borders, strips, corners, collages, screenshots) against the single ` +
      `pass on the same image, alternating: median ${median(ratios).toFixed(2)}x, worst ${Math.max(...ratios).toFixed(2)}x; ` +
      `passes median ${median(edited.map((row) => row.regions.nsfw.passes))}, most ${Math.max(...edited.map((row) => row.regions.nsfw.passes))}. ` +
      `"photo alone": the photo cut out of the edit where it lies, single pass (the model's own limit at that size).`,
  );
  console.log('Weakest edits:');
  console.table(weakest);
  // Issue 14's figures in one place: scenes as the library screens them with objects and faces on (their people
  // are what finds them), every other kind NSFW-only.
  const summary = {};
  for (const kind of kinds.filter((candidate) => candidate !== 'none')) {
    const suggestive = rows.filter((row) => row.entry.kind === kind && row.entry.suggestive);
    const kept = suggestive.map((row) => signal((kind === 'scene' ? row.people.regions : row.regions).nsfw.scores) / reference[row.entry.source]);
    summary[kind] = { 'kept median': +median(kept).toFixed(2), 'kept worst': +Math.min(...kept).toFixed(2), screened: kind === 'scene' ? 'with objects + faces' : 'NSFW only' };
  }
  console.log('\nIssue 14 (target: every edit keeps 70% of the unedited signal; cost at most 4x the single pass; NSFW-only at most raw nsfwjs on wasm):');
  console.table(summary);
  console.log(
    (edited.length ? `Edited image against the single pass: median ${median(ratios).toFixed(2)}x (passes at most ${Math.max(...edited.map((row) => row.regions.nsfw.passes))}).` : 'No framing edit screened (EVASION_KINDS).') +
      (nsfwTimes ? ` NSFW-only on the demo photos against raw nsfwjs on wasm: ${(nsfwTimes.libraryMs / nsfwTimes.rawWasmMs).toFixed(2)}x.` : ' NSFW-only against raw nsfwjs: node bench/nsfw.mjs.'),
  );
  return rows;
}

/** The source photo's pixels inside an edited entry, as a PNG. */
async function cutOut(entry) {
  const left = Math.round(entry.box.x * entry.width);
  const top = Math.round(entry.box.y * entry.height);
  const width = Math.min(entry.width - left, Math.round(entry.box.width * entry.width));
  const height = Math.min(entry.height - top, Math.round(entry.box.height * entry.height));
  return new Uint8Array(await sharp(Buffer.from(entry.bytes)).extract({ left, top, width, height }).png().toBuffer());
}

if (isMain(import.meta.url)) {
  const bench = await startBench();
  try {
    await evasion(bench);
  } finally {
    await bench.close();
  }
}
