import type { RgbaImage } from '../../input/pixels.js';
import type { RelativeBox } from './fuse.js';

/**
 * When a face box looks drawn rather than photographed: in colour (the mean spread between a pixel's channels at
 * least `colourAtLeast`) and made of few colours (the 8 commonest colours, at 5 bits a channel, cover at least
 * `fewColoursAtLeast` of the box). Measured on the face set's BlazeFace boxes (bench/faces.mjs, probe of 2026-12-02):
 * colour photo crops covered 0.39 at most (JPEG q30-90, 64-400 px, tilted), the drawn cartoon face 0.74 and the
 * smiley 0.53. Greyscale photos (spread under 15: 0-12 measured) are never called drawn: their few grey levels
 * would look like few colours.
 */
export const DRAWN = { colourAtLeast: 15, fewColoursAtLeast: 0.5 } as const;

/** Whether the part of `pixels` inside `box` looks like a flat-coloured drawing (see DRAWN). Pure. */
export function looksDrawn(pixels: RgbaImage, box: RelativeBox): boolean {
  const left = Math.max(0, Math.floor(box.x * pixels.width));
  const top = Math.max(0, Math.floor(box.y * pixels.height));
  const right = Math.min(pixels.width, Math.ceil((box.x + box.width) * pixels.width));
  const bottom = Math.min(pixels.height, Math.ceil((box.y + box.height) * pixels.height));
  const counts = new Map<number, number>();
  let spread = 0;
  let total = 0;
  for (let y = top; y < bottom; y++) {
    for (let x = left; x < right; x++) {
      const i = (y * pixels.width + x) * 4;
      const r = pixels.data[i]!;
      const g = pixels.data[i + 1]!;
      const b = pixels.data[i + 2]!;
      spread += Math.max(r, g, b) - Math.min(r, g, b);
      const colour = ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3);
      counts.set(colour, (counts.get(colour) ?? 0) + 1);
      total++;
    }
  }
  if (total === 0 || spread / total < DRAWN.colourAtLeast) return false;
  const commonest = [...counts.values()].sort((a, b) => b - a).slice(0, 8);
  return commonest.reduce((sum, count) => sum + count, 0) / total >= DRAWN.fewColoursAtLeast;
}
