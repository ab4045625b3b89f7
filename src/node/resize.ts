/**
 * Chromium's canvas resampling, in plain TypeScript, so a frame resized in Node holds the pixels the browser's
 * analysis worker draws (src/input/decode.ts, resizeToPixels: OffscreenCanvas drawImage, smoothing quality 'high').
 * Measured against Chromium 156 (test/browser/node-verify.spec.ts); what each step reproduces:
 * - 'nearest': Skia's nearest neighbour, the source pixel under each target pixel's centre, with Skia's bias of
 *   1/65536 towards the lower pixel (a centre landing exactly on a pixel edge takes the pixel before it).
 * - 'smooth', shrinking along either side: Skia's mipmaps (each level half the last, box-filtered, 1-2-1 taps along
 *   an odd side), a level chosen from the area scale less half a level, bilinear in the two nearest levels,
 *   blended linearly.
 * - 'smooth', enlarging along both sides: Mitchell's bicubic filter (B = C = 1/3).
 * An ImageBitmap keeps its pixels unpremultiplied: mipmaps average straight colours, and each tap is premultiplied
 * by its alpha as it is sampled. The result is composited on white, or stored premultiplied and read back straight.
 */
import type { Background, RgbaImage, Sampling } from '../input/pixels.js';

export function resizeRgba(image: RgbaImage, width: number, height: number, sampling: Sampling, background: Background): RgbaImage {
  let premultiplied: Float32Array;
  if (width === image.width && height === image.height) premultiplied = premultiply(image.data);
  else if (sampling === 'nearest') premultiplied = premultiply(nearest(image, width, height));
  else if (width > image.width && height > image.height) premultiplied = mitchell(image, width, height);
  else premultiplied = mipmapped(image, width, height);
  return { width, height, data: background === 'white' ? onWhite(premultiplied) : storedAndRead(premultiplied) };
}

function nearest(image: RgbaImage, width: number, height: number): Uint8ClampedArray {
  const columns = nearestIndices(image.width, width);
  const rows = nearestIndices(image.height, height);
  const out = new Uint8ClampedArray(width * height * 4);
  const source = new Uint32Array(image.data.buffer, image.data.byteOffset, image.width * image.height);
  const target = new Uint32Array(out.buffer);
  for (let y = 0; y < height; y++) {
    const row = rows[y]! * image.width;
    for (let x = 0; x < width; x++) target[y * width + x] = source[row + columns[x]!]!;
  }
  return out;
}

/** Skia maps each centre in float32, then takes it to 32.32 fixed point minus its 1/65536 bias, and floors. */
function nearestIndices(from: number, to: number): Int32Array {
  const scale = Math.fround(from / to);
  const indices = new Int32Array(to);
  for (let i = 0; i < to; i++) {
    const position = Math.trunc(Math.fround((i + 0.5) * scale) * 2 ** 32) - 2 ** 16;
    indices[i] = clamp(Math.floor(position / 2 ** 32), from);
  }
  return indices;
}

function mipmapped(image: RgbaImage, width: number, height: number): Float32Array {
  // Skia: log2 of the area scale, less half a level "to emulate GPU sharpening".
  const level = Math.max(0, -0.5 * Math.log2((width / image.width) * (height / image.height)) - 0.5);
  const lower = Math.floor(level);
  const weight = level - lower;
  let source = image;
  for (let i = 0; i < lower; i++) source = halve(source);
  const near = bilinear(source, width, height);
  if (weight === 0) return near;
  const far = bilinear(halve(source), width, height);
  for (let i = 0; i < near.length; i++) near[i] = near[i]! * (1 - weight) + far[i]! * weight;
  return near;
}

/**
 * The next mipmap level (SkMipmap): half the size, rounded down; each pixel averages 2 source pixels along an even
 * side and 3 with weights 1-2-1 along an odd one; the sum is shifted down, truncating as Skia does.
 */
export function halve(image: RgbaImage): RgbaImage {
  const { width, height, data } = image;
  const outWidth = Math.max(1, width >> 1);
  const outHeight = Math.max(1, height >> 1);
  const xTaps = taps(width);
  const yTaps = taps(height);
  const shift = Math.log2(sum(xTaps) * sum(yTaps));
  const out = new Uint8ClampedArray(outWidth * outHeight * 4);
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      for (let channel = 0; channel < 4; channel++) {
        let total = 0;
        for (let j = 0; j < yTaps.length; j++) {
          const row = (2 * y + j) * width;
          for (let i = 0; i < xTaps.length; i++) total += data[(row + 2 * x + i) * 4 + channel]! * xTaps[i]! * yTaps[j]!;
        }
        out[(y * outWidth + x) * 4 + channel] = total >> shift;
      }
    }
  }
  return { width: outWidth, height: outHeight, data: out };
}

function taps(side: number): number[] {
  if (side === 1) return [1];
  return side % 2 === 1 ? [1, 2, 1] : [1, 1];
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** Bilinear at each target centre, edges clamped, taps premultiplied; unrounded, so two levels blend first. */
function bilinear(image: RgbaImage, width: number, height: number): Float32Array {
  return filter(image, width, height, linearTaps(image.width, width), linearTaps(image.height, height));
}

function mitchell(image: RgbaImage, width: number, height: number): Float32Array {
  return filter(image, width, height, cubicTaps(image.width, width), cubicTaps(image.height, height));
}

/** Per target pixel along one side: `count` source indices (edges clamped) and their weights. */
interface Taps {
  count: number;
  index: Int32Array;
  weight: Float64Array;
}

/** A separable filter: each target pixel sums its x-taps times its y-taps, premultiplied. */
function filter(image: RgbaImage, width: number, height: number, xs: Taps, ys: Taps): Float32Array {
  const out = new Float32Array(width * height * 4);
  const pixel = [0, 0, 0, 0];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      pixel.fill(0);
      for (let j = 0; j < ys.count; j++) {
        const row = ys.index[y * ys.count + j]! * image.width;
        const yWeight = ys.weight[y * ys.count + j]!;
        for (let i = 0; i < xs.count; i++) {
          addTap(pixel, image.data, (row + xs.index[x * xs.count + i]!) * 4, xs.weight[x * xs.count + i]! * yWeight);
        }
      }
      // A cubic overshoots; Skia clamps alpha to 0-255 and each colour to its alpha (a no-op for bilinear).
      const alpha = Math.min(255, Math.max(0, pixel[3]!));
      const target = (y * width + x) * 4;
      for (let channel = 0; channel < 3; channel++) out[target + channel] = Math.min(alpha, Math.max(0, pixel[channel]!));
      out[target + 3] = alpha;
    }
  }
  return out;
}

function linearTaps(from: number, to: number): Taps {
  const index = new Int32Array(to * 2);
  const weight = new Float64Array(to * 2);
  for (let i = 0; i < to; i++) {
    const position = ((i + 0.5) * from) / to - 0.5;
    const floor = Math.floor(position);
    index[i * 2] = clamp(floor, from);
    index[i * 2 + 1] = clamp(floor + 1, from);
    weight[i * 2] = 1 - (position - floor);
    weight[i * 2 + 1] = position - floor;
  }
  return { count: 2, index, weight };
}

/** Four source indices (edges clamped) and Mitchell-Netravali weights per target pixel along one side. */
function cubicTaps(from: number, to: number): Taps {
  const index = new Int32Array(to * 4);
  const weight = new Float64Array(to * 4);
  for (let i = 0; i < to; i++) {
    const position = ((i + 0.5) * from) / to - 0.5;
    const floor = Math.floor(position);
    const t = position - floor;
    for (let k = 0; k < 4; k++) {
      index[i * 4 + k] = clamp(floor - 1 + k, from);
      weight[i * 4 + k] = mitchellWeight(t + 1 - k);
    }
  }
  return { count: 4, index, weight };
}

function mitchellWeight(distance: number): number {
  const x = Math.abs(distance);
  const b = 1 / 3;
  const c = 1 / 3;
  if (x < 1) return ((12 - 9 * b - 6 * c) * x ** 3 + (-18 + 12 * b + 6 * c) * x ** 2 + (6 - 2 * b)) / 6;
  if (x < 2) return ((-b - 6 * c) * x ** 3 + (6 * b + 30 * c) * x ** 2 + (-12 * b - 48 * c) * x + (8 * b + 24 * c)) / 6;
  return 0;
}

/** Adds one straight-alpha source pixel, premultiplied, times `weight`. */
function addTap(pixel: number[], data: Uint8ClampedArray, offset: number, weight: number): void {
  const alpha = data[offset + 3]!;
  const premultiplied = (alpha / 255) * weight;
  pixel[0]! += data[offset]! * premultiplied;
  pixel[1]! += data[offset + 1]! * premultiplied;
  pixel[2]! += data[offset + 2]! * premultiplied;
  pixel[3]! += alpha * weight;
}

function premultiply(data: Uint8ClampedArray): Float32Array {
  const out = new Float32Array(data.length);
  const pixel = [0, 0, 0, 0];
  for (let i = 0; i < data.length; i += 4) {
    pixel.fill(0);
    addTap(pixel, data, i, 1);
    out.set(pixel, i);
  }
  return out;
}

/** Source-over on an opaque white canvas: each premultiplied channel plus white's share, 255 - alpha. */
function onWhite(premultiplied: Float32Array): Uint8ClampedArray {
  const out = new Uint8ClampedArray(premultiplied.length);
  for (let i = 0; i < premultiplied.length; i += 4) {
    const clear = 255 - premultiplied[i + 3]!;
    out[i] = Math.round(premultiplied[i]! + clear);
    out[i + 1] = Math.round(premultiplied[i + 1]! + clear);
    out[i + 2] = Math.round(premultiplied[i + 2]! + clear);
    out[i + 3] = 255;
  }
  return out;
}

/** A canvas stores 8-bit premultiplied pixels; getImageData divides the alpha back out. */
function storedAndRead(premultiplied: Float32Array): Uint8ClampedArray {
  const out = new Uint8ClampedArray(premultiplied.length);
  for (let i = 0; i < premultiplied.length; i += 4) {
    const alpha = Math.round(premultiplied[i + 3]!);
    out[i + 3] = alpha;
    for (let channel = 0; channel < 3; channel++) {
      out[i + channel] = alpha === 0 ? 0 : Math.round((Math.round(premultiplied[i + channel]!) * 255) / alpha);
    }
  }
  return out;
}

function clamp(index: number, size: number): number {
  return Math.min(size - 1, Math.max(0, index));
}
