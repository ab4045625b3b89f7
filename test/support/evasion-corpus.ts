import { readFileSync } from 'node:fs';
import sharp, { type OverlayOptions } from 'sharp';

/**
 * The evasion set: edits that hide a picture from a classifier that squashes the whole frame to 224×224 (borders,
 * strips, a small copy in a corner, a collage cell, a phone screenshot, a small copy inside an ordinary photo (a scene
 * with no border or gutter to find: only the person boxes of the object and face analyzers point at it), turns), applied to the suggestive demo
 * photos and, to check for new false alarms, to ordinary ones. Made with sharp from the photos the project already
 * uses, so every byte is reproducible. Used by test/browser/evasion.spec.ts and bench/evasion.mjs.
 *
 * Sources are split: `tuning` ones are what thresholds were chosen on; the others are held out and only checked.
 */

export type EditKind = 'none' | 'border' | 'strip' | 'corner' | 'collage' | 'screenshot' | 'scene' | 'turn';

export interface EvasionSource {
  name: string;
  /** A suggestive party photo (nsfwjs: sexy about 0.95 on the whole) or an ordinary picture. */
  suggestive: boolean;
  tuning: boolean;
  load(): Promise<Buffer>;
}

export interface EvasionEntry {
  name: string;
  source: string;
  kind: EditKind;
  /** The edit's parameters, for reading a report (e.g. "white 25%", "3x3 cell 4"). */
  variant: string;
  suggestive: boolean;
  tuning: boolean;
  /** Where the source picture lies in the edited image, 0-1 of its displayed size. */
  box: { x: number; y: number; width: number; height: number };
  /** Clockwise quarter turns applied to the source picture (0 for edits that keep it upright). */
  turn: 0 | 1 | 2 | 3;
  bytes: Uint8Array;
  width: number;
  height: number;
}

const demo = (n: number) => `node_modules/@vladmandic/face-api/demo/sample${n}.jpg`;

/** The mandrill ships as a data URL inside a CommonJS module. */
function baboon(): Buffer {
  const source = readFileSync('node_modules/baboon-image-uri/baboon.js', 'utf8');
  const base64 = /data:image\/png;base64,([A-Za-z0-9+/=]+)/.exec(source)?.[1];
  if (!base64) throw new Error('baboon-image-uri changed: no data URL found');
  return Buffer.from(base64, 'base64');
}

/** A text picture drawn by librsvg (DejaVu is what Debian ships): a notice, or a chat of short lines. */
function textImage(lines: string[], width: number, height: number, background: string, ink: string): Promise<Buffer> {
  const size = Math.round(height / (lines.length * 2.2));
  const rows = lines
    .map((line, i) => `<text x="${size}" y="${Math.round((i + 1) * size * 2)}" font-family="DejaVu Sans" font-size="${size}" fill="${ink}">${line}</text>`)
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${background}"/>${rows}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

const fileSource = (name: string, path: string, suggestive: boolean, tuning: boolean): EvasionSource => ({
  name,
  suggestive,
  tuning,
  load: async () => readFileSync(path),
});

export const evasionSources: readonly EvasionSource[] = [
  // nsfwjs scores demo photos 2-5 "sexy" 0.85-0.99 and 6 about 0.5 on the whole; photo 1 only 0.06, so it is an
  // ordinary photo here (three women at a party, nothing a moderator would flag).
  fileSource('party2', demo(2), true, true),
  fileSource('party3', demo(3), true, true),
  fileSource('party4', demo(4), true, true),
  fileSource('party5', demo(5), true, false),
  fileSource('party6', demo(6), true, false),
  fileSource('party1', demo(1), false, false),
  fileSource('cat', 'node_modules/cat-picture/cat.jpg', false, true),
  fileSource('dog', 'node_modules/dog-picture/dog.jpg', false, false),
  { name: 'baboon', suggestive: false, tuning: true, load: async () => baboon() },
  {
    name: 'notice',
    suggestive: false,
    tuning: true,
    load: () => textImage(['Please keep this door closed', 'Deliveries from nine to five', 'Thank you for shopping'], 1200, 800, '#fdfbf2', '#222'),
  },
  {
    name: 'chat',
    suggestive: false,
    tuning: false,
    load: () => textImage(['see you at 8?', 'sure, bring the charger', 'ok running late', 'np'], 900, 1200, '#e8f0ff', '#123'),
  },
];

/** Ordinary pictures the collages and strips are filled with (never a suggestive one). */
async function fillers(): Promise<Buffer[]> {
  return Promise.all([
    readFileSync('node_modules/cat-picture/cat.jpg'),
    readFileSync('node_modules/dog-picture/dog.jpg'),
    baboon(),
    textImage(['Garden sale', 'Saturday 10-4'], 800, 600, '#ffffff', '#0a4'),
    sharp({ create: { width: 800, height: 600, channels: 3, background: '#6a8fb8' } })
      .composite([{ input: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><rect y="380" width="800" height="220" fill="#4f7d3a"/><circle cx="620" cy="130" r="70" fill="#f4d03f"/></svg>') }])
      .png()
      .toBuffer(),
  ]);
}

/** A picture resized to fit inside width×height (aspect kept) or to cover it (cropped to the centre). */
async function fit(input: Buffer, width: number, height: number, mode: 'inside' | 'cover'): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(input).resize(Math.round(width), Math.round(height), { fit: mode }).png().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Deterministic noise (a seeded LCG), so the noisy canvas is the same on every run. */
function noise(width: number, height: number, seed: number): Buffer {
  const data = Buffer.alloc(width * height * 3);
  let state = seed;
  for (let i = 0; i < data.length; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    data[i] = 96 + (state % 64);
  }
  return data;
}

interface Edited {
  kind: EditKind;
  variant: string;
  image: Buffer;
  box: EvasionEntry['box'];
  turn: EvasionEntry['turn'];
}

async function canvas(width: number, height: number, background: string | 'noise', overlays: OverlayOptions[]): Promise<Buffer> {
  const base =
    background === 'noise'
      ? sharp(noise(width, height, width * 31 + height), { raw: { width, height, channels: 3 } })
      : sharp({ create: { width, height, channels: 3, background } });
  return base.composite(overlays).png().toBuffer();
}

async function bordered(photo: Buffer, colour: string, share: number): Promise<Edited> {
  const { width, height } = await sharp(photo).metadata();
  const pad = Math.round(Math.max(width!, height!) * share);
  const image = await sharp(photo).extend({ top: pad, bottom: pad, left: pad, right: pad, background: colour }).png().toBuffer();
  const W = width! + 2 * pad;
  const H = height! + 2 * pad;
  return { kind: 'border', variant: `${colour} ${Math.round(share * 100)}%`, image, box: { x: pad / W, y: pad / H, width: width! / W, height: height! / H }, turn: 0 };
}

/** The photo at one place in a strip `ratio` times longer than it is thick, the rest filled with ordinary pictures or a colour. */
async function strip(photo: Buffer, ratio: number, direction: 'wide' | 'tall', place: number, fill: Buffer[] | string): Promise<Edited> {
  const thick = 600;
  const long = thick * ratio;
  const width = direction === 'wide' ? long : thick;
  const height = direction === 'wide' ? thick : long;
  const slots = Math.floor(ratio);
  const slot = direction === 'wide' ? long / slots : long / slots;
  const overlays: OverlayOptions[] = [];
  let box = { x: 0, y: 0, width: 0, height: 0 };
  for (let i = 0; i < slots; i++) {
    const offset = Math.round(i * slot);
    const cellW = direction === 'wide' ? Math.round(slot) : thick;
    const cellH = direction === 'wide' ? thick : Math.round(slot);
    const input = i === place ? photo : Array.isArray(fill) ? fill[i % fill.length]! : null;
    if (!input) continue;
    const fitted = await fit(input, cellW, cellH, i === place ? 'inside' : 'cover');
    const left = direction === 'wide' ? offset + Math.round((cellW - fitted.width) / 2) : Math.round((cellW - fitted.width) / 2);
    const top = direction === 'wide' ? Math.round((cellH - fitted.height) / 2) : offset + Math.round((cellH - fitted.height) / 2);
    overlays.push({ input: fitted.data, left, top });
    if (i === place) box = { x: left / width, y: top / height, width: fitted.width / width, height: fitted.height / height };
  }
  const background = typeof fill === 'string' ? fill : '#202020';
  const image = await canvas(width, height, background, overlays);
  return { kind: 'strip', variant: `${direction} ${ratio}:1 slot ${place}${typeof fill === 'string' ? ' ' + fill : ''}`, image, box, turn: 0 };
}

async function corner(photo: Buffer, share: number, background: string | 'noise', where: 'top-left' | 'bottom-right'): Promise<Edited> {
  const width = 1600;
  const height = 1200;
  const fitted = await fit(photo, width * share, height * share, 'inside');
  const margin = 24;
  const left = where === 'top-left' ? margin : width - fitted.width - margin;
  const top = where === 'top-left' ? margin : height - fitted.height - margin;
  const image = await canvas(width, height, background, [{ input: fitted.data, left, top }]);
  return {
    kind: 'corner',
    variant: `${Math.round(share * 100)}% ${where} on ${background}`,
    image,
    box: { x: left / width, y: top / height, width: fitted.width / width, height: fitted.height / height },
    turn: 0,
  };
}

async function collage(photo: Buffer, grid: number, cell: number, gutter: number, fill: Buffer[]): Promise<Edited> {
  const side = 1500;
  const cellSide = Math.floor((side - gutter * (grid + 1)) / grid);
  const overlays: OverlayOptions[] = [];
  let box = { x: 0, y: 0, width: 0, height: 0 };
  for (let i = 0; i < grid * grid; i++) {
    const left = gutter + (i % grid) * (cellSide + gutter);
    const top = gutter + Math.floor(i / grid) * (cellSide + gutter);
    const fitted = await fit(i === cell ? photo : fill[(i + grid) % fill.length]!, cellSide, cellSide, 'cover');
    overlays.push({ input: fitted.data, left, top });
    if (i === cell) box = { x: left / side, y: top / side, width: cellSide / side, height: cellSide / side };
  }
  const image = await canvas(side, side, '#ffffff', overlays);
  return { kind: 'collage', variant: `${grid}x${grid} cell ${cell} gutter ${gutter}`, image, box, turn: 0 };
}

/**
 * The photo pasted small into an ordinary photo that fills the frame (`scene`, cover-resized to 1600×1200), away from
 * its edges: no uniform line, gutter or seam across the frame tells the layout where it is.
 */
async function inScene(photo: Buffer, scene: Buffer, share: number, at: { x: number; y: number }): Promise<Edited> {
  const width = 1600;
  const height = 1200;
  const background = await fit(scene, width, height, 'cover');
  const fitted = await fit(photo, width * share, height * share, 'inside');
  const left = Math.round((width - fitted.width) * at.x);
  const top = Math.round((height - fitted.height) * at.y);
  const image = await sharp(background.data).composite([{ input: fitted.data, left, top }]).png().toBuffer();
  return {
    kind: 'scene',
    variant: `${Math.round(share * 100)}% at ${at.x},${at.y}`,
    image,
    box: { x: left / width, y: top / height, width: fitted.width / width, height: fitted.height / height },
    turn: 0,
  };
}

/** A phone screenshot of a social app: status bar, header, the photo, caption text, a tab bar. */
async function screenshot(photo: Buffer, theme: 'light' | 'dark'): Promise<Edited> {
  const width = 1080;
  const height = 2340;
  const bg = theme === 'light' ? '#ffffff' : '#121212';
  const ink = theme === 'light' ? '#111111' : '#eeeeee';
  const fitted = await fit(photo, width, 1400, 'inside');
  const top = 330;
  const chrome = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="${width}" height="90" fill="${theme === 'light' ? '#f2f2f2' : '#000'}"/>
    <text x="40" y="62" font-family="DejaVu Sans" font-size="40" fill="${ink}">9:41</text>
    <rect x="900" y="30" width="120" height="36" rx="8" fill="${ink}"/>
    <text x="40" y="190" font-family="DejaVu Sans" font-weight="bold" font-size="56" fill="${ink}">Friends</text>
    <circle cx="80" cy="275" r="34" fill="#7aa6d8"/>
    <text x="140" y="290" font-family="DejaVu Sans" font-size="40" fill="${ink}">jamie.k  ·  2h</text>
    <text x="40" y="${top + fitted.height + 90}" font-family="DejaVu Sans" font-size="42" fill="${ink}">Great night with the crew!</text>
    <text x="40" y="${top + fitted.height + 150}" font-family="DejaVu Sans" font-size="36" fill="#888">View all 24 comments</text>
    <rect y="${height - 160}" width="${width}" height="160" fill="${theme === 'light' ? '#f7f7f7' : '#1c1c1c'}"/>
    ${[0, 1, 2, 3, 4].map((i) => `<circle cx="${108 + i * 216}" cy="${height - 80}" r="28" fill="${ink}"/>`).join('')}
  </svg>`;
  const image = await canvas(width, height, bg, [
    { input: Buffer.from(chrome), left: 0, top: 0 },
    { input: fitted.data, left: Math.round((width - fitted.width) / 2), top },
  ]);
  const left = Math.round((width - fitted.width) / 2);
  return { kind: 'screenshot', variant: theme, image, box: { x: left / width, y: top / height, width: fitted.width / width, height: fitted.height / height }, turn: 0 };
}

async function turned(photo: Buffer, turn: 1 | 2 | 3): Promise<Edited> {
  // Pixels turned, not an EXIF tag: a decoder would undo the tag.
  const image = await sharp(photo).rotate(turn * 90).png().toBuffer();
  return { kind: 'turn', variant: `${turn * 90}°`, image, box: { x: 0, y: 0, width: 1, height: 1 }, turn };
}

/** Output sizes (longer side) and JPEG qualities, cycled over the edits so each kind meets several of each. */
const SIZES = [1600, 1024, 640] as const;
const QUALITIES = [90, 72, 50] as const;

/** Every edit of one source picture (and the picture itself, unedited, as `none`). */
async function editsOf(photo: Buffer, index: number, fill: Buffer[]): Promise<Edited[]> {
  const colours = ['#ffffff', '#000000', '#d23c78'];
  const edits: Edited[] = [{ kind: 'none', variant: 'unedited', image: photo, box: { x: 0, y: 0, width: 1, height: 1 }, turn: 0 }];
  edits.push(await bordered(photo, colours[index % 3]!, 0.15));
  edits.push(await bordered(photo, colours[(index + 1) % 3]!, 0.4));
  edits.push(await bordered(photo, colours[(index + 2) % 3]!, 1));
  edits.push(await strip(photo, 4, 'wide', index % 4, fill));
  edits.push(await strip(photo, 6, 'wide', (index + 3) % 6, '#f0f0f0'));
  edits.push(await strip(photo, 4, 'tall', (index + 1) % 4, fill));
  edits.push(await corner(photo, 0.3, '#808080', index % 2 ? 'top-left' : 'bottom-right'));
  edits.push(await corner(photo, 0.4, 'noise', index % 2 ? 'bottom-right' : 'top-left'));
  edits.push(await collage(photo, 2, index % 4, 12, fill));
  edits.push(await collage(photo, 3, (index * 4 + 1) % 9, 0, fill));
  edits.push(await collage(photo, 3, (index * 2 + 4) % 9, 16, fill));
  edits.push(await screenshot(photo, index % 2 ? 'dark' : 'light'));
  edits.push(await turned(photo, 1));
  edits.push(await turned(photo, 2));
  edits.push(await turned(photo, 3));
  // Last, so the sizes and qualities the other edits cycle through stay as they were before scenes were added.
  edits.push(await inScene(photo, fill[index % 3]!, 0.35, { x: 0.2, y: 0.7 }));
  edits.push(await inScene(photo, fill[(index + 1) % 3]!, 0.45, { x: 0.75, y: 0.3 }));
  return edits;
}

export interface EvasionOptions {
  /** Only these sources (by name); all by default. */
  sources?: readonly string[];
  /** Only these kinds; all by default ('none' is always kept: it is what "kept" is measured against). */
  kinds?: readonly EditKind[];
}

export async function buildEvasionCorpus(options: EvasionOptions = {}): Promise<EvasionEntry[]> {
  const fill = await fillers();
  const entries: EvasionEntry[] = [];
  const sources = evasionSources.filter((source) => !options.sources || options.sources.includes(source.name));
  for (const [index, source] of sources.entries()) {
    const photo = await source.load();
    const edits = (await editsOf(photo, index, source.suggestive ? fill : fill.slice(0, 4).reverse())).filter(
      (edit) => edit.kind === 'none' || !options.kinds || options.kinds.includes(edit.kind),
    );
    for (const [n, edit] of edits.entries()) {
      const size = edit.kind === 'none' ? null : SIZES[(index + n) % SIZES.length]!;
      const quality = edit.kind === 'none' ? 92 : QUALITIES[(index * 2 + n) % QUALITIES.length]!;
      let pipeline = sharp(edit.image);
      if (size) pipeline = pipeline.resize(size, size, { fit: 'inside', withoutEnlargement: true });
      const { data, info } = await pipeline.jpeg({ quality }).toBuffer({ resolveWithObject: true });
      entries.push({
        name: `${source.name}/${edit.kind}/${edit.variant}/${size ?? 'orig'}px q${quality}`,
        source: source.name,
        kind: edit.kind,
        variant: edit.variant,
        suggestive: source.suggestive,
        tuning: source.tuning,
        box: edit.box,
        turn: edit.turn,
        bytes: new Uint8Array(data),
        width: info.width,
        height: info.height,
      });
    }
  }
  return entries;
}
