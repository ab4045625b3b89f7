#!/usr/bin/env node
// node bench/faces-alone.mjs: can BlazeFace alone (0.5 MB) replace face-api's SSD (5.6 MB) beside it? Every pass is
// run once per case of the face set (test/support/face-set.ts) on raw detections, in one page on the wasm backend:
// SSD and BlazeFace on the face analyzer's input (≤1024 px, smoothed), BlazeFace zoomed out (2x, grey), BlazeFace
// on 2×2 overlapping tiles (each 0.6 of the sides: small faces at twice the resolution), BlazeFace on the top of
// each person box the object detector finds (0.3 or more), and BlazeFace on a window four times each small
// candidate's side (under 48 px at its 256 px input). The rules are then applied to those detections: the library's
// (fuse.ts: both detectors, BlazeFace alone on a face filling the picture, the zoomed-out look where nothing was
// found) and BlazeFace-only ones, whose thresholds are chosen on the tune split alone and then run on the held-out one.
// Prints counts, crops found, faces missed, false faces and ms (median, against SSD in the same run).
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { median, startBench } from './session.mjs';

const bench = await startBench();
try {
  const F = await bench.server.ssrLoadModule('/src/analyzers/faces/fuse.ts');
  const page = await bench.open('/bench/raw-face-api.html');
  const rows = await page.evaluate(async () => {
    const tf = window.tfForProbe;
    const faceapi = window.faceapiForProbe;
    const { buildFaceSet } = await import('/test/support/face-set.ts');
    const { loadBlazeFace } = await import('/src/analyzers/faces/blazeface.ts');
    const { looksDrawn } = await import('/src/analyzers/faces/drawn.ts');
    const blaze = await loadBlazeFace('/node_modules/@vladmandic/human/models/blazeface.json');
    const centernet = await tf.loadGraphModel('/node_modules/@vladmandic/human/models/centernet.json');
    const ANIMALS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 77]);
    const pixelsOf = (bitmap, width, height) => {
      const context = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
      context.fillStyle = '#fff';
      context.fillRect(0, 0, width, height);
      context.imageSmoothingQuality = 'high';
      context.drawImage(bitmap, 0, 0, width, height);
      return context.getImageData(0, 0, width, height);
    };
    const timed = async (run) => {
      const started = performance.now();
      const result = await run();
      return { ms: performance.now() - started, result };
    };
    // BlazeFace on a pixel region [x, y, w, h] of the image, boxes relative to the whole image.
    const onRegion = async (image, W, H, [x, y, w, h]) => {
      x = Math.max(0, Math.round(x));
      y = Math.max(0, Math.round(y));
      w = Math.max(1, Math.min(W - x, Math.round(w)));
      h = Math.max(1, Math.min(H - y, Math.round(h)));
      const crop = tf.slice3d(image, [y, x, 0], [h, w, 3]);
      try {
        const found = await blaze.detect(crop, 0.2);
        return found.map(({ score, box }) => ({ score, box: { x: (x + box.x * w) / W, y: (y + box.y * h) / H, width: (box.width * w) / W, height: (box.height * h) / H } }));
      } finally {
        crop.dispose();
      }
    };
    const out = [];
    for (const { blob, ...item } of await buildFaceSet()) {
      const bitmap = await createImageBitmap(blob);
      const scale = Math.min(1, 1024 / Math.max(bitmap.width, bitmap.height));
      const W = Math.round(bitmap.width * scale);
      const H = Math.round(bitmap.height * scale);
      const pixels = pixelsOf(bitmap, W, H);
      const squashed = pixelsOf(bitmap, 512, 512);
      bitmap.close();
      const image = tf.browser.fromPixels(pixels);
      const row = { name: item.name, kind: item.kind, split: item.split, expected: item.expected, W, H, ms: {} };
      const ssd = await timed(() => faceapi.nets.ssdMobilenetv1.locateFaces(image, new faceapi.SsdMobilenetv1Options({ minConfidence: 0.2 })));
      row.ssd = ssd.result.map(({ score, relativeBox: b }) => ({ score, box: { x: b.x, y: b.y, width: b.width, height: b.height } }));
      row.ms.ssd = ssd.ms;
      const whole = await timed(() => blaze.detect(image, 0.2));
      [row.blaze, row.ms.blaze] = [whole.result, whole.ms];
      const zoomedOut = await timed(() => blaze.detect(image, 0.2, 2));
      [row.zoomedOut, row.ms.zoomedOut] = [zoomedOut.result, zoomedOut.ms];
      const objects = await timed(async () => {
        const input = tf.tidy(() => tf.browser.fromPixels(squashed).toFloat().expandDims(0));
        const output = centernet.execute(input, 'tower_0/detections');
        input.dispose();
        const [detections] = await output.array();
        output.dispose();
        return detections;
      });
      row.ms.objects = objects.ms;
      const boxOf = ([x1, y1, x2, y2]) => ({ x: Math.min(x1, x2) / 512, y: Math.min(y1, y2) / 512, width: Math.abs(x2 - x1) / 512, height: Math.abs(y2 - y1) / 512 });
      row.animals = objects.result.filter((r) => ANIMALS.has(r[5]) && r[4] >= 0.3).map(boxOf);
      const persons = objects.result.filter((r) => r[5] === 0 && r[4] >= 0.3).map(boxOf).slice(0, 8);
      // The top of each person box, square on its width: where the face is.
      const personLooks = await timed(async () => {
        const found = [];
        for (const p of persons) {
          const [x, y, w] = [p.x * W, p.y * H, p.width * W];
          const side = Math.max(w, Math.min(p.height * H, w * 1.2));
          found.push(...(await onRegion(image, W, H, [x + w / 2 - side / 2, y, side, side])));
        }
        return found;
      });
      [row.persons, row.ms.persons] = [personLooks.result, personLooks.ms];
      const tiles = await timed(async () => {
        const found = [];
        for (const [fx, fy] of [[0, 0], [0.4, 0], [0, 0.4], [0.4, 0.4]]) found.push(...(await onRegion(image, W, H, [fx * W, fy * H, 0.6 * W, 0.6 * H])));
        return found;
      });
      [row.tiles, row.ms.tiles] = [tiles.result, tiles.ms];
      // Small candidates seen up close: each detector's candidates under 48 px at BlazeFace's input.
      row.zoomedIn = [];
      for (const candidate of [...row.blaze, ...row.ssd]) {
        const side = Math.max(candidate.box.width * W, candidate.box.height * H);
        if (candidate.score < 0.25 || (side * 256) / Math.max(W, H) >= 48) continue;
        const [cx, cy] = [(candidate.box.x + candidate.box.width / 2) * W, (candidate.box.y + candidate.box.height / 2) * H];
        const window = Math.max(4 * side, 48);
        row.zoomedIn.push({ of: candidate.box, faces: await onRegion(image, W, H, [cx - window / 2, cy - window / 2, window, window]) });
      }
      for (const list of [row.ssd, row.blaze, row.zoomedOut, row.persons, row.tiles]) for (const d of list) d.drawn = looksDrawn(pixels, d.box);
      image.dispose();
      out.push(row);
    }
    return out;
  });

  const sideAtBlaze = (box, r) => (Math.max(box.width * r.W, box.height * r.H) * 256) / Math.max(r.W, r.H);
  const inside = (b, p) => p.x >= b.x && p.x <= b.x + b.width && p.y >= b.y && p.y <= b.y + b.height;
  const centreOf = (b) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });
  const finish = (kept) => F.dropNested(kept.map(({ box, score }) => ({ box: F.clipBox(box), score })).filter(({ box }) => box.width > 0 && box.height > 0).sort((a, b) => b.score - a.score));
  const zoomedOutFaces = (r) =>
    r.zoomedOut.filter(({ box, score, drawn }) => !drawn && F.fillsPicture({ box, scores: { ssd: 0, blazeface: score } }, r.W, r.H, F.ZOOMED_OUT.blazeAtLeast) && !r.animals.some((a) => inside(a, centreOf(box))));
  // The library's rule (index.ts) on these detections.
  const library = (r) => {
    const detections = [...r.blaze.map((d) => ({ detector: 'blazeface', ...d })), ...r.ssd.map((d) => ({ detector: 'ssd', ...d }))];
    const drawn = new Map(detections.map((d) => [d.box, d.drawn]));
    const found = F.groupDetections(detections)
      .filter((c) => (F.isFace(c, sideAtBlaze(c.box, r)) || F.fillsPicture(c, r.W, r.H)) && !drawn.get(c.box))
      .map((c) => ({ box: c.box, score: Math.max(c.scores.ssd, c.scores.blazeface) }));
    return finish(found.length ? found : zoomedOutFaces(r));
  };
  // BlazeFace alone: a face filling the picture as the library keeps it, any other at `at` or more in the whole
  // look, or at `low` or more there and `second` or more in another look (`looks`) at the same place.
  const blazeAlone = (looks, { at, low = at, second = 1 }) => (r) => {
    const extra = looks.flatMap((look) => r[look]).filter((d) => !d.drawn);
    const drawn = new Map(r.blaze.map((d) => [d.box, d.drawn]));
    const found = F.groupDetections(r.blaze.map((d) => ({ detector: 'blazeface', ...d })))
      .filter((c) => !drawn.get(c.box))
      .filter((c) => {
        const score = c.scores.blazeface;
        return F.fillsPicture(c, r.W, r.H) || score >= at || (score >= low && extra.some((d) => d.score >= second && F.iou(d.box, c.box) > 0.3));
      })
      .map((c) => ({ box: c.box, score: c.scores.blazeface }));
    // Faces only another look found (tiles, person boxes), at `at` or more.
    for (const d of extra) if (d.score >= at && !found.some((f) => F.iou(f.box, d.box) > 0.3)) found.push(d);
    return finish(found.length ? found : zoomedOutFaces(r));
  };
  const tally = (rule, inSplit) => {
    let exact = 0, crops = 0, cropsOf = 0, missed = 0, falseFaces = 0;
    for (const r of inSplit) {
      const n = rule(r).length;
      if (n === r.expected) exact++;
      if (r.kind === 'portrait') [cropsOf, crops] = [cropsOf + 1, crops + (n > 0)];
      if (r.kind === 'not a person') falseFaces += n > 0;
      else missed += Math.max(0, r.expected - n);
    }
    return { exact, of: inSplit.length, crops, cropsOf, missed, falseFaces };
  };
  const better = (a, b) => a.exact - a.falseFaces - (b.exact - b.falseFaces);
  const families = {
    'BlazeFace alone': { looks: [], grid: [0.6, 0.65, 0.7, 0.75, 0.8].map((at) => ({ at })) },
    'BlazeFace + person boxes': { looks: ['persons'], grid: [0.6, 0.65, 0.7, 0.75, 0.8].map((at) => ({ at })) },
    'BlazeFace + tiles': { looks: ['tiles'], grid: [0.6, 0.65, 0.7, 0.75, 0.8].map((at) => ({ at })) },
    'BlazeFace, two looks agree': {
      looks: ['zoomedOut', 'persons'],
      grid: [0.65, 0.7, 0.75, 0.8].flatMap((at) => [0.4, 0.5, 0.55, 0.6].flatMap((low) => [0.5, 0.6, 0.7].map((second) => ({ at, low, second })))),
    },
  };
  const tune = rows.filter((r) => r.split === 'tune');
  const check = rows.filter((r) => r.split === 'check');
  const ms = (looks) => median(rows.map((r) => looks.reduce((sum, look) => sum + r.ms[look], 0)));
  const ssdMs = median(rows.map((r) => r.ms.ssd));
  const mb = (files) => files.reduce((sum, file) => sum + statSync(join('node_modules/@vladmandic', file)).size, 0) / 1e6;
  const ssdMb = mb(['face-api/model/ssd_mobilenetv1_model.bin', 'face-api/model/ssd_mobilenetv1_model-weights_manifest.json']);
  const blazeMb = mb(['human/models/blazeface.bin', 'human/models/blazeface.json']);
  const cell = ({ exact, of, crops, cropsOf, missed, falseFaces }) => `${exact}/${of} exact, crops ${crops}/${cropsOf}, missed ${missed}, false ${falseFaces}`.padEnd(48);
  console.log(`\n${rows.length} cases (${tune.length} tune, ${check.length} held out). Thresholds of the BlazeFace-only rules chosen on the tune split.`);
  console.log(`${'rule'.padEnd(56)} | ${'tune'.padEnd(48)} | ${'held out'.padEnd(48)} | ${'all'.padEnd(48)} | ms (vs SSD) | MB`);
  const line = (name, rule, looks, megabytes) => {
    const time = ms(looks);
    console.log(`${name.padEnd(56)} | ${cell(tally(rule, tune))} | ${cell(tally(rule, check))} | ${cell(tally(rule, rows))} | ${time.toFixed(0)} (${(time / ssdMs).toFixed(2)}x) | ${megabytes.toFixed(1)}`);
  };
  line('SSD + BlazeFace (library, zoomed out with objects)', library, ['ssd', 'blaze'], ssdMb + blazeMb);
  for (const [name, { looks, grid }] of Object.entries(families)) {
    const best = grid.map((p) => ({ p, t: tally(blazeAlone(looks, p), tune) })).reduce((a, b) => (better(b.t, a.t) > 0 ? b : a));
    const label = `${name} ${Object.entries(best.p).map(([k, v]) => `${k} ${v}`).join(' ')}`;
    line(label, blazeAlone(looks, best.p), ['blaze', ...looks], blazeMb);
  }
  console.log(`(ms: the passes a rule needs, median over the set; person boxes also need the object detector: ${ms(['objects']).toFixed(0)} ms, which runs anyway by default.)`);

  // Small faces seen up close (a window 4x their side): do real ones stay faces where a false one does not?
  const confirmed = [];
  for (const r of rows) {
    for (const face of library(r)) {
      if (sideAtBlaze(face.box, r) >= 48) continue;
      const looks = r.zoomedIn.filter((z) => F.iou(z.of, face.box) > 0.3).flatMap((z) => z.faces);
      confirmed.push({ name: r.name, real: r.kind !== 'not a person', score: Math.max(0, ...looks.filter((d) => F.iou(d.box, face.box) > 0.2).map((d) => d.score)) });
    }
  }
  const real = confirmed.filter((c) => c.real).sort((a, b) => a.score - b.score);
  console.log(`\nSmall kept faces seen up close: ${real.length} real, lowest BlazeFace scores ${real.slice(0, 4).map((c) => `${c.score.toFixed(2)} (${c.name})`).join(', ')}; false: ${confirmed.filter((c) => !c.real).map((c) => `${c.score.toFixed(2)} (${c.name})`).join(', ') || 'none'}`);
} finally {
  await bench.close();
}
