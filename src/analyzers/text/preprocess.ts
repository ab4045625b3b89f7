/**
 * Pixel work before OCR, pure (no canvas, no DOM) so it is unit-tested in Node. Tesseract reads dark ink on a light
 * page best, with glyphs 20-40 px tall; each step below fixes one way real uploads differ from that.
 */

import type { RgbaImage } from '../../input/pixels.js';

/** An 8-bit grey image, row-major. */
export interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * Luminance, with transparency resolved against a background that contrasts with the ink. Compositing on white
 * (what a viewer shows, and what our NSFW input does) erases white text on a transparent PNG, and a reader that
 * ignores alpha sees a solid block; text that lives only in the alpha channel survives this.
 */
export function toGray({ width, height, data }: RgbaImage): GrayImage {
  const gray = new Uint8Array(width * height);
  let inkSum = 0;
  let alphaSum = 0;
  let translucent = false;
  for (let i = 0, p = 0; p < gray.length; i += 4, p++) {
    const alpha = data[i + 3]!;
    const lum = (data[i]! * 77 + data[i + 1]! * 150 + data[i + 2]! * 29) >> 8;
    gray[p] = lum;
    if (alpha < 250) translucent = true;
    inkSum += lum * alpha;
    alphaSum += alpha;
  }
  if (!translucent) return { width, height, data: gray };
  // The opaque pixels' mean luminance says what colour the ink is; put it on the opposite.
  const background = alphaSum > 0 && inkSum / alphaSum > 127 ? 0 : 255;
  for (let i = 0, p = 0; p < gray.length; i += 4, p++) {
    const alpha = data[i + 3]! / 255;
    gray[p] = Math.round(gray[p]! * alpha + background * (1 - alpha));
  }
  return { width, height, data: gray };
}

/** The histogram of an 8-bit image. */
function histogram(data: Uint8Array): Uint32Array {
  const counts = new Uint32Array(256);
  for (const value of data) counts[value]!++;
  return counts;
}

/** Otsu's threshold: the grey level that best splits the histogram into two classes. */
export function otsuThreshold(data: Uint8Array): number {
  const counts = histogram(data);
  let total = 0;
  for (let level = 0; level < 256; level++) total += level * counts[level]!;
  let below = 0;
  let belowSum = 0;
  let best = 127;
  let bestVariance = -1;
  for (let level = 0; level < 256; level++) {
    below += counts[level]!;
    if (below === 0) continue;
    const above = data.length - below;
    if (above === 0) break;
    belowSum += level * counts[level]!;
    const meanBelow = belowSum / below;
    const meanAbove = (total - belowSum) / above;
    const variance = below * above * (meanBelow - meanAbove) ** 2;
    if (variance > bestVariance) {
      bestVariance = variance;
      best = level;
    }
  }
  return best;
}

/**
 * Stretches the grey levels so the 1st and 99th percentiles become black and white: grey-on-grey text (low
 * contrast) then has the full range for tesseract's own thresholding. Leaves near-flat images alone.
 */
export function stretchContrast(image: GrayImage): GrayImage {
  const counts = histogram(image.data);
  const clip = image.data.length * 0.01;
  let low = 0;
  for (let seen = 0; low < 255 && seen + counts[low]! <= clip; low++) seen += counts[low]!;
  let high = 255;
  for (let seen = 0; high > 0 && seen + counts[high]! <= clip; high--) seen += counts[high]!;
  if (high - low < 8) return image;
  const scale = 255 / (high - low);
  const data = image.data.map((value) => Math.min(255, Math.max(0, Math.round((value - low) * scale))));
  return { ...image, data };
}

/**
 * True when the page is dark and the ink light (a sign, a dark-mode screenshot). The background is what most of
 * the border is: text rarely touches every edge, while a dark poster does.
 */
export function isLightOnDark(image: GrayImage): boolean {
  const { width, height, data } = image;
  const threshold = otsuThreshold(data);
  let dark = 0;
  let border = 0;
  const visit = (x: number, y: number) => {
    border++;
    if (data[y * width + x]! <= threshold) dark++;
  };
  for (let x = 0; x < width; x++) {
    visit(x, 0);
    visit(x, height - 1);
  }
  for (let y = 1; y < height - 1; y++) {
    visit(0, y);
    visit(width - 1, y);
  }
  return dark > border / 2;
}

export function invert(image: GrayImage): GrayImage {
  return { ...image, data: image.data.map((value) => 255 - value) };
}

/**
 * The mean and standard deviation of the window of `radius` around each pixel (clipped at the edges). Integral
 * images keep it linear in the pixel count, whatever the radius.
 */
export function windowStats({ width, height, data }: GrayImage, radius: number): { mean: Float64Array; deviation: Float64Array } {
  const stride = width + 1;
  const sum = new Float64Array(stride * (height + 1));
  const squares = new Float64Array(stride * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    let rowSquares = 0;
    for (let x = 0; x < width; x++) {
      const value = data[y * width + x]!;
      row += value;
      rowSquares += value * value;
      sum[(y + 1) * stride + x + 1] = sum[y * stride + x + 1]! + row;
      squares[(y + 1) * stride + x + 1] = squares[y * stride + x + 1]! + rowSquares;
    }
  }
  const mean = new Float64Array(width * height);
  const deviation = new Float64Array(width * height);
  for (let y = 0; y < height; y++) {
    const y0 = Math.max(0, y - radius);
    const y1 = Math.min(height, y + radius + 1);
    for (let x = 0; x < width; x++) {
      const x0 = Math.max(0, x - radius);
      const x1 = Math.min(width, x + radius + 1);
      const area = (x1 - x0) * (y1 - y0);
      const a = y0 * stride + x0;
      const b = y0 * stride + x1;
      const c = y1 * stride + x0;
      const d = y1 * stride + x1;
      const m = (sum[d]! - sum[b]! - sum[c]! + sum[a]!) / area;
      const variance = (squares[d]! - squares[b]! - squares[c]! + squares[a]!) / area - m * m;
      mean[y * width + x] = m;
      deviation[y * width + x] = Math.sqrt(Math.max(0, variance));
    }
  }
  return { mean, deviation };
}

/**
 * Sauvola's local threshold (k = 0.2, window about 1/12 of the short side): ink is what is darker than its own
 * neighbourhood, so text on a gradient or a busy, uneven background separates where one global threshold cannot.
 */
export function sauvola(image: GrayImage): GrayImage {
  const { width, height, data } = image;
  const { mean, deviation } = windowStats(image, Math.max(7, Math.round(Math.min(width, height) / 24)));
  const out = new Uint8Array(width * height);
  for (let i = 0; i < out.length; i++) {
    const threshold = mean[i]! * (1 + 0.2 * (deviation[i]! / 128 - 1));
    out[i] = data[i]! > threshold ? 255 : 0;
  }
  return { width, height, data: out };
}

/** Half the width and height, each pixel the mean of a 2×2 block (an odd last row or column is dropped). */
export function halve({ width, height, data }: GrayImage): GrayImage {
  if (width < 2 || height < 2) return { width, height, data };
  const outWidth = width >> 1;
  const outHeight = height >> 1;
  const out = new Uint8Array(outWidth * outHeight);
  for (let y = 0; y < outHeight; y++) {
    const top = 2 * y * width;
    const bottom = top + width;
    for (let x = 0; x < outWidth; x++) {
      const left = 2 * x;
      out[y * outWidth + x] = (data[top + left]! + data[top + left + 1]! + data[bottom + left]! + data[bottom + left + 1]! + 2) >> 2;
    }
  }
  return { width: outWidth, height: outHeight, data: out };
}

/** Quarter turns clockwise: a page photographed sideways or upside down reads upright after one of them. */
export type QuarterTurns = 0 | 1 | 2 | 3;

export function rotate(image: GrayImage, turns: QuarterTurns): GrayImage {
  if (turns === 0) return image;
  const { width, height, data } = image;
  const outWidth = turns === 2 ? width : height;
  const outHeight = turns === 2 ? height : width;
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [nx, ny] = turns === 1 ? [height - 1 - y, x] : turns === 2 ? [width - 1 - x, height - 1 - y] : [y, width - 1 - x];
      out[ny * outWidth + nx] = data[y * width + x]!;
    }
  }
  return { width: outWidth, height: outHeight, data: out };
}

/** A box in the rotated image's pixels, back in the upright image's 0-1 coordinates. */
export function unrotateBox(
  box: { x0: number; y0: number; x1: number; y1: number },
  turns: QuarterTurns,
  rotated: { width: number; height: number },
): { x: number; y: number; width: number; height: number } {
  const { width: w, height: h } = rotated;
  // Corners in the rotated frame, normalised, then mapped through the inverse rotation.
  const u0 = box.x0 / w;
  const u1 = box.x1 / w;
  const v0 = box.y0 / h;
  const v1 = box.y1 / h;
  const [x0, y0, x1, y1] =
    turns === 0 ? [u0, v0, u1, v1]
    : turns === 1 ? [v0, 1 - u1, v1, 1 - u0]
    : turns === 2 ? [1 - u1, 1 - v1, 1 - u0, 1 - v0]
    : [1 - v1, u0, 1 - v0, u1];
  const clamp = (value: number) => Math.min(1, Math.max(0, value));
  return { x: clamp(x0), y: clamp(y0), width: clamp(x1) - clamp(x0), height: clamp(y1) - clamp(y0) };
}

/**
 * A binary PGM (P5): the cheapest file Leptonica reads (tesseract.js takes encoded files, not raw pixels), with no
 * PNG compression to pay for on a 2-megapixel image.
 */
export function encodePgm({ width, height, data }: GrayImage): Uint8Array<ArrayBuffer> {
  const header = new TextEncoder().encode(`P5\n${width} ${height}\n255\n`);
  const file = new Uint8Array(header.length + data.length);
  file.set(header);
  file.set(data, header.length);
  return file;
}

/**
 * Turned by `radians` (clockwise for a positive angle) about the centre, same size, bilinear, what comes in from
 * outside filled with `fill`: a slanted line straightened before it is read.
 */
export function rotateBy({ width, height, data }: GrayImage, radians: number, fill: number): GrayImage {
  const out = new Uint8Array(width * height);
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // The source of output pixel (x, y): the inverse turn.
      const sx = cos * (x - cx) + sin * (y - cy) + cx;
      const sy = -sin * (x - cx) + cos * (y - cy) + cy;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const at = (px: number, py: number) => (px < 0 || py < 0 || px >= width || py >= height ? fill : data[py * width + px]!);
      const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx;
      const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx;
      out[y * width + x] = Math.round(top * (1 - fy) + bottom * fy);
    }
  }
  return { width, height, data: out };
}

/**
 * A line cut from a photo, made clean for reading: black ink on white at Otsu's threshold, and every blob of ink
 * that touches the cut's edge removed (the edge of the sign, a neighbouring line, the photo around the letters):
 * the cut has a margin of more than half a letter, so the letters themselves do not touch it. Where that would
 * remove most of the ink (neon, whose glow joins its letters to the edge), the line is kept as it was.
 */
export function cleanLine(image: GrayImage): GrayImage {
  const { width, height, data } = image;
  const threshold = otsuThreshold(data);
  const out = new Uint8Array(width * height);
  let ink = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = data[i]! <= threshold ? 0 : 255;
    if (out[i] === 0) ink++;
  }
  const stack: number[] = [];
  const push = (index: number) => {
    if (out[index] === 0) {
      out[index] = 255;
      stack.push(index);
    }
  };
  for (let x = 0; x < width; x++) {
    push(x);
    push((height - 1) * width + x);
  }
  for (let y = 0; y < height; y++) {
    push(y * width);
    push(y * width + width - 1);
  }
  while (stack.length > 0) {
    const index = stack.pop()!;
    const x = index % width;
    if (x > 0) push(index - 1);
    if (x < width - 1) push(index + 1);
    if (index >= width) push(index - width);
    if (index < (height - 1) * width) push(index + width);
  }
  let left = 0;
  for (const value of out) if (value === 0) left++;
  return left >= 0.4 * ink ? { width, height, data: out } : image;
}

/**
 * Letters set along a curve, unrolled onto a straight line: column u of the output is the point at arc length u
 * along y = cy + slope·(x − cx) + bend·(x − cx)² (from x = `from` to `to`), row v the point `v − band` px along the
 * curve's normal there, so each letter stands upright as the curve turns it. Bilinear, `fill` outside.
 */
export function unbend(
  { width, height, data }: GrayImage,
  curve: { cx: number; cy: number; slope: number; bend: number },
  from: number,
  to: number,
  band: number,
  fill: number,
): GrayImage {
  const at = (px: number, py: number) => (px < 0 || py < 0 || px >= width || py >= height ? fill : data[py * width + px]!);
  const sample = (sx: number, sy: number) => {
    const x0 = Math.floor(sx);
    const y0 = Math.floor(sy);
    const fx = sx - x0;
    const fy = sy - y0;
    const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx;
    const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx;
    return top * (1 - fy) + bottom * fy;
  };
  // The x of each whole step of arc length, walked in small steps of x.
  const xs: number[] = [];
  let length = 0;
  let next = 0;
  for (let x = from; x <= to; x += 0.25) {
    const d = x - curve.cx;
    const dy = curve.slope + 2 * curve.bend * d;
    while (length >= next) (xs.push(x), next++);
    length += 0.25 * Math.sqrt(1 + dy * dy);
  }
  const outWidth = Math.max(1, xs.length);
  const outHeight = Math.max(1, Math.round(2 * band));
  const out = new Uint8Array(outWidth * outHeight);
  for (let u = 0; u < outWidth; u++) {
    const x = xs[u]!;
    const d = x - curve.cx;
    const y = curve.cy + curve.slope * d + curve.bend * d * d;
    const dy = curve.slope + 2 * curve.bend * d;
    const norm = Math.sqrt(1 + dy * dy);
    // The normal pointing down the image: (−dy, 1)/norm.
    const nx = -dy / norm;
    const ny = 1 / norm;
    for (let v = 0; v < outHeight; v++) {
      const offset = v - band;
      out[v * outWidth + u] = Math.round(sample(x + offset * nx, y + offset * ny));
    }
  }
  return { width: outWidth, height: outHeight, data: out };
}
