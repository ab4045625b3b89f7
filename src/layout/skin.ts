import type { RgbaImage } from '../input/pixels.js';
import type { Rect } from './box.js';

/**
 * Share of a block's pixels that have a skin colour, by Kovač, Peer and Solina's RGB rule (daylight). Only used
 * to order the region passes when the budget cannot cover every block: people first. It decides nothing itself.
 */
export function skinShare(image: RgbaImage, rect: Rect): number {
  const { data, width } = image;
  let skin = 0;
  let total = 0;
  for (let y = rect.y0; y < rect.y1; y++) {
    for (let x = rect.x0; x < rect.x1; x++) {
      const o = (y * width + x) * 4;
      const r = data[o]!;
      const g = data[o + 1]!;
      const b = data[o + 2]!;
      total++;
      if (r > 95 && g > 40 && b > 20 && Math.max(r, g, b) - Math.min(r, g, b) > 15 && Math.abs(r - g) > 15 && r > g && r > b) skin++;
    }
  }
  return total === 0 ? 0 : skin / total;
}
