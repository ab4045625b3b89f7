#!/usr/bin/env node
// node bench/ocr-gate.mjs: the text detector's gate alone (detect.ts, no OCR) on the varied text set, the older
// corpus and the photos without text: which images it lets through, with the candidate lines that decided it.
// Fast (no model): the figures behind the gate's thresholds. BENCH_VERBOSE=1 prints every line of every image.
import { startBench, isMain } from './session.mjs';

export async function runGateBench() {
  const bench = await startBench();
  try {
    const page = await bench.open('/test/browser/harness.html');
    const result = await page.evaluate(async (verbose) => {
      const set = await import('/test/support/text-set.ts');
      const corpus = await import('/test/support/text-corpus.ts');
      const detect = await import('/src/analyzers/text/detect.ts');
      const { toGray } = await import('/src/analyzers/text/preprocess.ts');
      const older = [...(await corpus.drawnCases()), ...(await corpus.packagedCases())].map((entry) => ({ ...entry, kind: 'older corpus' }));
      const text = [...(await set.variedCases()), ...older];
      const free = (await set.textFreeCases()).map((entry) => ({ ...entry, kind: 'no text' }));
      const rows = [];
      for (const entry of [...text, ...free]) {
        const bitmap = await createImageBitmap(entry.blob);
        const scale = Math.min(1, detect.DETECT_SIDE / Math.max(bitmap.width, bitmap.height));
        const width = Math.max(1, Math.round(bitmap.width * scale));
        const height = Math.max(1, Math.round(bitmap.height * scale));
        const canvas = new OffscreenCanvas(width, height);
        const context = canvas.getContext('2d');
        context.imageSmoothingQuality = 'high';
        context.drawImage(bitmap, 0, 0, width, height);
        const gray = toGray(context.getImageData(0, 0, width, height));
        const started = performance.now();
        const lines = detect.findTextLines(gray);
        const ms = performance.now() - started;
        const passing = lines.filter(detect.isTextLine);
        const show = (line) => ({
          at: `${line.x},${line.y} ${line.width}x${line.height}`,
          h: line.letterHeight,
          letters: line.letters,
          blobs: line.blobs,
          angle: Number(line.angle.toFixed(3)),
          stroke: Number(line.strokeSpread.toFixed(3)),
                    distinct: line.distinct,
          hs: Number(line.heightSpread?.toFixed(3)),
          align: Number(line.align?.toFixed(3)),
          gaps: Number(line.gapSpread?.toFixed(3)),
          sag: Number(detect.sag(line).toFixed(3)),
          v: line.vertical,
          lod: line.lightOnDark,
        });
        rows.push({ name: entry.name, kind: entry.kind, gate: detect.hasText(lines), ms, lines: (verbose ? lines : passing).map(show) });
      }
      return rows;
    }, Boolean(process.env.BENCH_VERBOSE));
    if (process.env.BENCH_GATE_JSON) (await import('node:fs')).writeFileSync(process.env.BENCH_GATE_JSON, JSON.stringify(result));
    const pad = (value, width) => String(value).padEnd(width);
    for (const row of result) {
      console.log(`${pad(row.kind, 13)} ${pad(row.name, 36)} ${row.gate ? 'TEXT' : '----'} ${row.ms.toFixed(1)} ms`);
      for (const line of row.lines) console.log(`      ${JSON.stringify(line)}`);
    }
    const text = result.filter((row) => row.kind !== 'no text');
    const free = result.filter((row) => row.kind === 'no text');
    console.log(`\ntext images let through: ${text.filter((row) => row.gate).length} of ${text.length}` + ` (missed: ${text.filter((row) => !row.gate).map((row) => row.name).join(', ') || 'none'})`);
    console.log(`photos without text let through: ${free.filter((row) => row.gate).length} of ${free.length}` + ` (${free.filter((row) => row.gate).map((row) => row.name).join(', ') || 'none'})`);
    return result;
  } finally {
    await bench.close();
  }
}

if (isMain(import.meta.url)) await runGateBench();
