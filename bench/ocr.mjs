#!/usr/bin/env node
// npm run bench:ocr: character error rate (CER) per kind of image, raw tesseract.js (README usage) against
// image-guard-kit's text analyzer, on the same images in the same Chromium, and what a photo without text costs.
// The images: the varied text set (test/support/text-set.ts: signs, receipts, memes, screenshots, posters,
// handwriting, captions over photos, slanted pages, scene-text crops, neon) and the older corpus
// (test/support/text-corpus.ts: drawn cases and face-api's screenshots). Every reference is the text drawn.
// BENCH_VERBOSE=1 prints every reading; BENCH_ONLY=<part of a name> reads only those images.
import { median, startBench, isMain } from './session.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

export async function runOcrBench() {
  const bench = await startBench();
  try {
    const raw = await bench.open('/bench/raw-tesseract.html');
    const { page: ours } = await bench.library({ analyzers: { nsfw: false, faces: false, objects: false, quality: false } });

    // The images are drawn once, in our page, and each handed to both pages as the same bytes.
    const cases = await ours.evaluate(async () => {
      const set = await import('/test/support/text-set.ts');
      const corpus = await import('/test/support/text-corpus.ts');
      const older = [...(await corpus.drawnCases()), ...(await corpus.packagedCases())].map((entry) => ({ ...entry, kind: 'older corpus' }));
      const all = [...(await set.variedCases()), ...older];
      return Promise.all(all.map(async ({ blob, ...rest }) => ({ ...rest, type: blob.type, bytes: [...new Uint8Array(await blob.arrayBuffer())] })));
    });
    const textFree = await ours.evaluate(async () => {
      const set = await import('/test/support/text-set.ts');
      const all = await set.textFreeCases();
      return Promise.all(all.map(async ({ blob, ...rest }) => ({ ...rest, type: blob.type, bytes: [...new Uint8Array(await blob.arrayBuffer())] })));
    });

    const readRaw = (entry) =>
      raw.evaluate(async ({ bytes, type }) => {
        const started = performance.now();
        // Raw tesseract.js throws on some images (a PNG whose colour is all in the alpha channel): it read nothing.
        const text = await window.rawRecognize(new Blob([new Uint8Array(bytes)], { type })).catch(() => '');
        return { text, ms: performance.now() - started };
      }, entry);
    const readOurs = (entry) =>
      ours.evaluate(async ({ bytes }) => {
        const verdict = await window.guard.moderate(new Uint8Array(bytes));
        return { text: verdict.analysis.text.content, ms: verdict.analysis.timings.textMs };
      }, entry);
    const cer = (reference, read) =>
      ours.evaluate(async ({ reference, read }) => (await import('/test/support/text-corpus.ts')).characterErrorRate(reference, read), { reference, read });

    const rows = [];
    // BENCH_ONLY=word reads only the images whose name holds it (and no photo without text): a quick look at one.
    const only = process.env.BENCH_ONLY;
    if (only) textFree.length = 0;
    for (const entry of only ? cases.filter((entry) => entry.name.includes(only)) : cases) {
      const rawResult = await readRaw(entry);
      const ourResult = await readOurs(entry);
      rows.push({
        name: entry.name,
        kind: entry.kind,
        rawCer: await cer(entry.reference, rawResult.text),
        ourCer: await cer(entry.reference, ourResult.text),
        rawMs: rawResult.ms,
        ourMs: ourResult.ms,
        reference: entry.reference,
        rawText: rawResult.text,
        ourText: ourResult.text,
      });
    }

    const pad = (value, width) => String(value).padEnd(width);
    const fmt = (value) => value.toFixed(3);
    const mean = (list, key) => list.reduce((total, row) => total + row[key], 0) / Math.max(1, list.length);
    console.log(`${pad('image', 30)} ${pad('kind', 13)} ${pad('raw CER', 8)} ${pad('ours CER', 8)} ${pad('raw ms', 7)} ours text ms`);
    for (const row of rows) {
      console.log(`${pad(row.name, 30)} ${pad(row.kind, 13)} ${pad(fmt(row.rawCer), 8)} ${pad(fmt(row.ourCer), 8)} ${pad(Math.round(row.rawMs), 7)} ${Math.round(row.ourMs)}`);
    }
    console.log(`\nCER per kind (mean), raw tesseract.js against ours, same images, same run`);
    console.log(`${pad('kind', 14)} ${pad('images', 7)} ${pad('raw', 7)} ${pad('ours', 7)} ours median text ms`);
    const kinds = [...new Set(rows.map((row) => row.kind))];
    for (const kind of kinds) {
      const group = rows.filter((row) => row.kind === kind);
      console.log(`${pad(kind, 14)} ${pad(group.length, 7)} ${pad(fmt(mean(group, 'rawCer')), 7)} ${pad(fmt(mean(group, 'ourCer')), 7)} ${Math.round(median(group.map((row) => row.ourMs)))}`);
    }
    const varied = rows.filter((row) => row.kind !== 'older corpus');
    console.log(`${pad('varied set', 14)} ${pad(varied.length, 7)} ${pad(fmt(mean(varied, 'rawCer')), 7)} ${pad(fmt(mean(varied, 'ourCer')), 7)} (target: ours <= 0.150)`);
    console.log(`${pad('everything', 14)} ${pad(rows.length, 7)} ${pad(fmt(mean(rows, 'rawCer')), 7)} ${pad(fmt(mean(rows, 'ourCer')), 7)}`);
    const scene = rows.filter((row) => row.kind === 'scene crop');
    console.log(`scene-text crops read as nothing: raw ${scene.filter((row) => !row.rawText.trim()).length}, ours ${scene.filter((row) => !row.ourText.trim()).length} of ${scene.length}`);

    // Photos with no text: the text stage's time (analysis.timings.textMs: resize, presence check and any OCR),
    // median over rounds, beside raw tesseract.js on the same photo in the same rounds (alternating).
    const free = textFree.map((entry) => ({ ...entry, ours: [], raw: [], read: '' }));
    for (let round = 0; round < ROUNDS; round++) {
      for (const entry of free) {
        const rawResult = await readRaw(entry);
        const ourResult = await readOurs(entry);
        entry.raw.push(rawResult.ms);
        entry.ours.push(ourResult.ms);
        entry.read = ourResult.text;
      }
    }
    console.log(`\nPhotos without text: text stage ms (median of ${ROUNDS} rounds), raw tesseract.js ms, characters ours read (target: ours <= 100 ms)`);
    for (const entry of free) {
      console.log(`${pad(entry.name, 30)} ours ${pad(Math.round(median(entry.ours)), 6)} raw ${pad(Math.round(median(entry.raw)), 6)} read ${entry.read.length} ${entry.read ? JSON.stringify(entry.read.slice(0, 40)) : ''}`);
    }
    const oursAll = free.map((entry) => median(entry.ours));
    const rawAll = free.map((entry) => median(entry.raw));
    if (free.length) console.log(`${pad('median over the photos', 30)} ours ${pad(Math.round(median(oursAll)), 6)} raw ${pad(Math.round(median(rawAll)), 6)} worst ours ${Math.round(Math.max(...oursAll))}`);

    if (process.env.BENCH_VERBOSE) {
      for (const row of rows) {
        console.log(`\n[${row.name}] ${JSON.stringify(row.reference)}\n  raw:  ${JSON.stringify(row.rawText)}\n  ours: ${JSON.stringify(row.ourText)}`);
      }
    }
    return { rows, free };
  } finally {
    await bench.close();
  }
}

if (isMain(import.meta.url)) await runOcrBench();
