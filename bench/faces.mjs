#!/usr/bin/env node
// node bench/faces.mjs: the face detectors and age models that ship in the project's npm packages, side by side on
// the widened face set (test/support/face-set.ts) in one run, on the wasm backend: raw face-api SSD and tiny (default
// options, as its README shows), Human's BlazeFace (its default detector and threshold), and image-guard-kit's face
// analyzer. Per detector: exact counts, portrait crops found, false faces on animals/drawings/icons, ms per photo
// (median, and against SSD in the same run), files and weights in memory; per age model (face-api's age net and
// Human's faceres, on the same boxes): how far one face's estimate moves across its own edits, and the error on the
// one face of documented age the installed photos have. Prints the tables; the raw rows go to tmp/faces-bench.json.
// IMAGE_GUARD_FACES_SPLIT=tune|check runs one split only. Whether BlazeFace alone could replace SSD: bench/faces-alone.mjs.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median, startBench } from './session.mjs';

// The package folders as node_modules lays them (Human's exports do not list package.json).
const packageDir = (name) => join(process.cwd(), 'node_modules', name);
const megabytes = (files) => files.reduce((sum, file) => sum + statSync(file).size, 0) / 1e6;
const faceApiModel = (name) => [`${name}-weights_manifest.json`, `${name}.bin`].map((file) => join(packageDir('@vladmandic/face-api'), 'model', file));
const humanModel = (name) => [`${name}.json`, `${name}.bin`].map((file) => join(packageDir('@vladmandic/human'), 'models', file));
const fileMb = {
  ssd: megabytes(faceApiModel('ssd_mobilenetv1_model')),
  tiny: megabytes(faceApiModel('tiny_face_detector_model')),
  blazeFace: megabytes(humanModel('blazeface')),
  faceApiAge: megabytes(faceApiModel('age_gender_model')),
  faceres: megabytes(humanModel('faceres')),
};

const split = process.env.IMAGE_GUARD_FACES_SPLIT;
const bench = await startBench();

try {
  // Objects on, as by default: the face analyzer checks its faces against them and zooms out only with them (its
  // facesMs does not include the object detector's time).
  const { page: library } = await bench.library({ analyzers: { nsfw: false, text: false, quality: false } });
  const raw = await bench.open('/bench/raw-face-api.html');
  if (!(await raw.evaluate(() => window.sameTfjs))) throw new Error('face-api and the page loaded two copies of tfjs');
  const weightMb = await raw.evaluate(() => window.weightMb);

  const cases = await library.evaluate(async (onlySplit) => {
    const { buildFaceSet } = await import('/test/support/face-set.ts');
    const toBase64 = async (blob) => {
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(binary);
    };
    const out = [];
    for (const { blob, ...item } of await buildFaceSet()) {
      if (onlySplit && item.split !== onlySplit) continue;
      const { width, height } = await createImageBitmap(blob);
      out.push({ ...item, width, height, data: await toBase64(blob) });
    }
    return out;
  }, split);

  const rows = [];
  for (const [index, item] of cases.entries()) {
    const onRaw = (detector) =>
      raw.evaluate(async ({ data, detector }) => {
        const file = new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], 'image');
        return detector === 'blazeFace' ? window.blazeFaceFile(file) : window.detectFile(file, detector);
      }, { data: item.data, detector });
    const ours = () =>
      library.evaluate(async ({ data }) => {
        const verdict = await window.guard.moderate(data);
        const { faces, timings } = verdict.analysis;
        return { ms: timings.facesMs, faces: faces.items.map((face) => ({ score: face.score, box: face.box, age: face.age, ageRange: face.ageRange })) };
      }, item);
    // The order turns with each photo, so no method always runs first on a warm cache.
    const runs = [['ssd', () => onRaw('ssd')], ['tiny', () => onRaw('tiny')], ['blazeFace', () => onRaw('blazeFace')], ['ours', ours]];
    const rotated = [...runs.slice(index % runs.length), ...runs.slice(0, index % runs.length)];
    const row = { name: item.name, kind: item.kind, split: item.split, expected: item.expected, person: item.person, knownAges: item.knownAges, width: item.width, height: item.height };
    for (const [method, run] of rotated) row[method] = await run();
    rows.push(row);
  }
  await library.evaluate(() => window.guard.dispose());
  mkdirSync('tmp', { recursive: true });
  writeFileSync('tmp/faces-bench.json', JSON.stringify({ fileMb, weightMb, rows }, null, 1));

  // Derived from the same runs: BlazeFace at a stricter threshold, and the simplest combination (BlazeFace when the
  // picture looks like a crop, SSD otherwise), with the library's test for a face that fills the picture (fuse.ts).
  const { fillsPicture } = await bench.server.ssrLoadModule('/src/analyzers/faces/fuse.ts');
  for (const row of rows) {
    row.blazeFace60 = { ms: row.blazeFace.ms, faces: row.blazeFace.faces.filter((face) => face.score >= 0.6) };
    const crop = row.blazeFace.faces.some(({ score, box }) => fillsPicture({ box, scores: { ssd: 0, blazeface: score } }, row.width, row.height));
    row.cropOrScene = { ms: row.blazeFace.ms + (crop ? 0 : row.ssd.ms), faces: crop ? row.blazeFace60.faces : row.ssd.faces };
  }
  const methods = ['ssd', 'tiny', 'blazeFace', 'blazeFace60', 'cropOrScene', 'ours'];
  const label = {
    ssd: 'face-api SSD',
    tiny: 'face-api tiny',
    blazeFace: 'BlazeFace',
    blazeFace60: 'BlazeFace >= 0.6',
    cropOrScene: 'crop? Blaze : SSD',
    ours: 'image-guard-kit',
  };
  const count = (row, method) => row[method].faces.length;
  const pct = (part, whole) => (whole ? `${part}/${whole} (${Math.round((100 * part) / whole)}%)` : 'n/a');
  const ssdMs = median(rows.map((row) => row.ssd.ms));

  for (const which of ['tune', 'check', 'all']) {
    const inSplit = rows.filter((row) => which === 'all' || row.split === which);
    if (inSplit.length === 0) continue;
    const portraits = inSplit.filter((row) => row.kind === 'portrait');
    const scenes = inSplit.filter((row) => row.kind === 'scene');
    const none = inSplit.filter((row) => row.kind === 'not a person');
    console.log(`\nSplit: ${which} (${inSplit.length} photos: ${portraits.length} portrait crops, ${scenes.length} scenes, ${none.length} without a person)`);
    console.log('method             | exact counts    | portraits found | portraits exact | scenes exact  | faces in scenes | false faces (no person) | ms/photo (vs SSD)');
    for (const method of methods) {
      const exact = inSplit.filter((row) => count(row, method) === row.expected).length;
      const found = portraits.filter((row) => count(row, method) >= 1).length;
      const portraitExact = portraits.filter((row) => count(row, method) === 1).length;
      const sceneExact = scenes.filter((row) => count(row, method) === row.expected).length;
      const sceneFaces = scenes.reduce((sum, row) => sum + Math.min(count(row, method), row.expected), 0);
      const sceneExpected = scenes.reduce((sum, row) => sum + row.expected, 0);
      const falseFaces = none.filter((row) => count(row, method) > 0).length;
      const ms = median(inSplit.map((row) => row[method].ms));
      console.log(
        `${label[method].padEnd(18)} | ${pct(exact, inSplit.length).padEnd(15)} | ${pct(found, portraits.length).padEnd(15)} | ${pct(portraitExact, portraits.length).padEnd(15)} | ${pct(sceneExact, scenes.length).padEnd(13)} | ${`${sceneFaces}/${sceneExpected}`.padEnd(15)} | ${pct(falseFaces, none.length).padEnd(23)} | ${ms.toFixed(0)} (${(ms / ssdMs).toFixed(2)}x)`,
      );
    }
  }

  // Age: no photo here has a known age, so the figure is how far one person's estimate moves across the edits of
  // their face (sizes, qualities, greyscale, tilt): the part of the error the set can show. Per age model, on the
  // faces of one-face cases where the detector found exactly one.
  console.log('\nAge estimate of one face across its edits (years; persons with 2+ edits found): max - min, and the pooled SD');
  const spread = (pick) => {
    const byPerson = new Map();
    for (const row of rows) {
      const age = pick(row);
      if (row.person === undefined || age === undefined) continue;
      byPerson.set(row.person, [...(byPerson.get(row.person) ?? []), age]);
    }
    const groups = [...byPerson.values()].filter((ages) => ages.length >= 2);
    const spreads = groups.map((ages) => Math.max(...ages) - Math.min(...ages)).sort((a, b) => a - b);
    // Pooled within-person standard deviation: how far one upload's estimate strays from that face's mean estimate.
    let squares = 0;
    let freedom = 0;
    for (const ages of groups) {
      const mean = ages.reduce((a, b) => a + b, 0) / ages.length;
      squares += ages.reduce((sum, age) => sum + (age - mean) ** 2, 0);
      freedom += ages.length - 1;
    }
    return { persons: groups.length, median: median(spreads), p90: spreads[Math.floor(spreads.length * 0.9)] ?? NaN, sd: Math.sqrt(squares / freedom) };
  };
  const one = (row, method, field) => (row[method].faces.length === 1 ? row[method].faces[0][field] : undefined);
  for (const [name, pick] of [
    ['face-api age on SSD boxes', (row) => one(row, 'ssd', 'faceApi')],
    ['faceres on SSD boxes', (row) => one(row, 'ssd', 'faceres')],
    ['face-api age on BlazeFace boxes', (row) => one(row, 'blazeFace', 'faceApi')],
    ['faceres on BlazeFace boxes', (row) => one(row, 'blazeFace', 'faceres')],
    ['image-guard-kit', (row) => one(row, 'ours', 'age')],
  ]) {
    const { persons, median: mid, p90, sd } = spread(pick);
    console.log(`${name.padEnd(32)} ${String(persons).padStart(3)} persons  spread median ${mid.toFixed(1)}  p90 ${p90.toFixed(1)}  pooled SD ${sd.toFixed(1)}`);
  }

  // Age error where the age is documented (face-set.ts KNOWN_AGE_PHOTOS): per age model, the face whose centre lies
  // in the labelled region, if the detector found it.
  console.log('\nAge error on faces of documented age (years; estimate - true age, MAE over the faces found):');
  const labelled = rows.flatMap((row) => (row.knownAges ?? []).map((known) => ({ row, known })));
  const inRegion = ({ box }, { x, y, width, height }) => {
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    return cx >= x && cx <= x + width && cy >= y && cy <= y + height;
  };
  for (const [name, method, field] of [
    ['face-api age on SSD boxes', 'ssd', 'faceApi'],
    ['faceres on SSD boxes', 'ssd', 'faceres'],
    ['face-api age on BlazeFace boxes', 'blazeFace', 'faceApi'],
    ['faceres on BlazeFace boxes', 'blazeFace', 'faceres'],
    ['image-guard-kit', 'ours', 'age'],
  ]) {
    const errors = labelled.flatMap(({ row, known }) => {
      const face = row[method].faces.find((candidate) => inRegion(candidate, known.region));
      return face && face[field] !== undefined ? [face[field] - known.age] : [];
    });
    const mae = errors.reduce((sum, error) => sum + Math.abs(error), 0) / errors.length;
    console.log(`${name.padEnd(32)} ${errors.length}/${labelled.length} faces  errors ${errors.map((error) => error.toFixed(1)).join(', ') || '-'}  MAE ${errors.length ? mae.toFixed(1) : 'n/a'}`);
  }

  console.log('\nWeight: files (MB) and weights in memory once loaded (tfjs tensors, MB):');
  for (const [name, mb] of Object.entries(fileMb)) console.log(`${name.padEnd(12)} files ${mb.toFixed(2)}  memory ${(weightMb[name] ?? NaN).toFixed(2)}`);
} finally {
  await bench.close();
}
