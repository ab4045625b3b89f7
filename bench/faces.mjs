#!/usr/bin/env node
// node bench/faces.mjs: faces found by raw face-api (SSD MobileNet and the tiny detector, default options, as its
// README shows) and by image-guard-kit, on the same images in the same run. Prints one row per image and totals.
// Images: the six face-api demo photos, square crops of each of their 22 faces at three sizes and three paddings,
// a crowd made of all six photos, a cat photo and crops of its head, the mandrill test image, and drawn faces.
import { startBench } from './session.mjs';

const bench = await startBench();

try {
  const { page: library } = await bench.library({ analyzers: { nsfw: false, text: false, objects: false, quality: false } });
  const raw = await bench.open('/bench/raw-face-api.html');
  if (!(await raw.evaluate(() => window.sameTfjs))) throw new Error('face-api and the page loaded two copies of tfjs');

  // The cases are made in the library page (the face boxes for the crops come from the library's verdicts).
  const cases = await library.evaluate(async () => {
    const images = await import('/test/support/test-images.ts');
    const toBase64 = async (blob) => {
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(binary);
    };
    const out = [];
    for (const n of [1, 2, 3, 4, 5, 6]) {
      const url = images.samplePhotoUrl(n);
      const photo = await images.loadBitmap(url);
      out.push({ name: `sample${n}.jpg`, group: 'photo', expected: images.samplePeople[n], data: await toBase64(await (await fetch(url)).blob()) });
      const verdict = await window.guard.moderate(url);
      for (const [index, face] of verdict.analysis.faces.items.entries()) {
        const box = { x: face.box.x * photo.width, y: face.box.y * photo.height, width: face.box.width * photo.width, height: face.box.height * photo.height };
        for (const size of [112, 200, 400]) {
          for (const pad of [1, 1.3, 1.6]) {
            const crop = images.squareCrop(photo, box, size, pad);
            out.push({ name: `sample${n} face${index + 1} ${size}px pad ${pad}`, group: `crop pad ${pad}`, expected: 1, data: await toBase64(await images.jpeg(crop)) });
          }
        }
      }
    }
    out.push({ name: 'crowd 3 columns', group: 'crowd', expected: 22, data: await toBase64(await images.jpeg(await images.crowd(3))) });
    out.push({ name: 'crowd 2 columns', group: 'crowd', expected: 22, data: await toBase64(await images.jpeg(await images.crowd(2))) });
    const cat = await images.loadBitmap(images.catPhotoUrl);
    out.push({ name: 'cat.jpg', group: 'not a person', expected: 0, data: await toBase64(await (await fetch(images.catPhotoUrl)).blob()) });
    const head = { x: images.catHead.centerX - images.catHead.side / 2, y: images.catHead.centerY - images.catHead.side / 2, width: images.catHead.side, height: images.catHead.side };
    for (const pad of [1, 1.5, 2]) out.push({ name: `cat head pad ${pad}`, group: 'not a person', expected: 0, data: await toBase64(await images.jpeg(images.squareCrop(cat, head, 200, pad))) });
    const mandrill = await images.mandrillBitmap();
    const mandrillCanvas = new OffscreenCanvas(mandrill.width, mandrill.height);
    mandrillCanvas.getContext('2d').drawImage(mandrill, 0, 0);
    out.push({ name: 'mandrill', group: 'not a person', expected: 0, data: await toBase64(await images.png(mandrillCanvas)) });
    for (const size of [200, 600]) {
      out.push({ name: `cartoon face ${size}px`, group: 'not a person', expected: 0, data: await toBase64(await images.png(images.cartoonFace(size))) });
      out.push({ name: `smiley ${size}px`, group: 'not a person', expected: 0, data: await toBase64(await images.png(images.smiley(size))) });
    }
    return out;
  });

  const rows = [];
  for (const item of cases) {
    const [ssd, tiny] = await raw.evaluate(async ({ data }) => {
      const file = new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], 'image');
      return [(await window.detectFile(file, 'ssd')).length, (await window.detectFile(file, 'tiny')).length];
    }, item);
    const ours = await library.evaluate(async ({ data }) => {
      const verdict = await window.guard.moderate(data);
      return verdict.analysis.faces.count;
    }, item);
    rows.push({ ...item, ssd, tiny, ours });
  }
  await library.evaluate(() => window.guard.dispose());

  const show = (row) => (row.expected === 0 ? 'none' : String(row.expected));
  console.log('Faces found per image (expected, raw face-api SSD, raw face-api tiny, image-guard-kit):');
  for (const row of rows) console.log(`${row.name.padEnd(34)} expected ${show(row).padStart(4)}  ssd ${String(row.ssd).padStart(2)}  tiny ${String(row.tiny).padStart(2)}  ours ${String(row.ours).padStart(2)}`);
  console.log('\nBy group: images where the count is exactly right (raw SSD / raw tiny / ours):');
  for (const group of [...new Set(rows.map((row) => row.group))]) {
    const inGroup = rows.filter((row) => row.group === group);
    const right = (key) => inGroup.filter((row) => row[key] === row.expected).length;
    const faces = (key) => inGroup.reduce((sum, row) => sum + Math.min(row[key], row.expected), 0);
    const expected = inGroup.reduce((sum, row) => sum + row.expected, 0);
    const facesText = expected > 0 ? `; faces found ${faces('ssd')} / ${faces('tiny')} / ${faces('ours')} of ${expected}` : '';
    console.log(`${group.padEnd(14)} ${right('ssd')} / ${right('tiny')} / ${right('ours')} of ${inGroup.length}${facesText}`);
  }
} finally {
  await bench.close();
}
