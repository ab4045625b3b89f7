import type { RgbaImage } from '../../input/pixels.js';
import type { QualityEvidence } from '../../verdict/types.js';

/**
 * The longest side quality is measured at. A fixed scale makes sharpness comparable between a phone photo and a
 * screenshot (blur is judged as it looks at a normal viewing size), and averages away the sensor grain a big photo
 * shows only at 100%.
 */
export const QUALITY_MAX_SIDE = 512;

/**
 * Below this standard deviation (grey levels) the picture is flat (one colour, with at most a faint shade): there
 * is nothing to be sharp or blurred. A heavy blur keeps a photo's broad light and dark areas, so stays above it.
 */
const FLAT_DEVIATION = 2;

/**
 * Only pixels on an edge at least this steep (grey levels a pixel) are measured: 8-bit pixels turn a gentle ramp
 * into 1-level stairs, each a crisp little edge that would read as sharp.
 */
const EDGE_SLOPE = 3;

/**
 * |Laplacian| / |gradient| on edges (the lowest of the four scales): a step is 2; at or over SHARP_RATIO is crisp,
 * at or under BLURRED_RATIO nothing can be made out. Measured on the face-api demo photos blurred at full size,
 * then shrunk to 512 px: 1.0-1.3 as they are; about 0.55 after a Gaussian blur of σ 1 px at 512 px, 0.33 at σ 2,
 * 0.23 at σ 4 (a 16 px blur on the 1920 px original) and 0.2 at σ 8 (JPEG grain keeps it from falling further).
 */
const BLURRED_RATIO = 0.22;
const SHARP_RATIO = 0.6;

/** Brightest 5% at or above this (0-1) is enough light; below it the picture becomes "too dark" linearly. */
const ENOUGH_LIGHT = 0.35;

/** Darkest 2% at or below this still holds some shade; above it the picture is washing out to white. */
const ENOUGH_SHADE = 0.65;

/** Grain (σ, grey levels) at which the noise score is 0.5. */
const NOISE_HALF = 8;

/** Resolution is 0 at this many pixels (64×64) and 1 at a megapixel (1024×1024), on a log scale. */
const MIN_PIXELS = 64 * 64;
const GOOD_PIXELS = 1024 * 1024;

/**
 * How usable a picture is (Cloudinary's image_quality, on the device). Pure arithmetic on a grey copy:
 * - sharpness: mean |Laplacian| over mean |gradient|, on edges. A blurred edge keeps its height (the gradient's sum) while
 *   its curvature (the Laplacian) spreads out, so the ratio falls as 1/blur whatever the contrast: a faint but
 *   crisp photo is not called blurry, as it would be by the plain variance of the Laplacian;
 * - exposure: an underexposed picture is dark even in its brightest 5%; an overexposed one is bright even in its
 *   darkest 2% (a dark-mode screenshot has white text, a document dark ink, so neither is misjudged);
 * - noise: Immerkær's estimator (the image convolved with a mask that cancels edges and gradients), robustly: the
 *   25th percentile of its magnitude, so texture does not count as grain;
 * - resolution: from the full image's size, `width`×`height`.
 * `pixels` is the image shrunk to at most QUALITY_MAX_SIDE (smoothly, composited on white).
 */
export function measureQuality(pixels: RgbaImage, width: number, height: number): QualityEvidence {
  const grey = luma(pixels);
  const sharpness = sharpnessScore(grey, pixels.width, pixels.height);
  const { exposure, brightness } = exposureScores(grey);
  const noise = 1 / (1 + (noiseSigma(grey, pixels.width, pixels.height) / NOISE_HALF) ** 2);
  const resolution = clamp01(Math.log2((width * height) / MIN_PIXELS) / Math.log2(GOOD_PIXELS / MIN_PIXELS));
  const overall = Math.min(sharpness, exposure, noise) * (0.5 + 0.5 * resolution);
  return {
    sharpness: round3(sharpness),
    exposure: round3(exposure),
    brightness: round3(brightness),
    resolution: round3(resolution),
    noise: round3(noise),
    overall: round3(overall),
  };
}

/** Rec. 601 luma, 0-255. */
function luma({ data, width, height }: RgbaImage): Float32Array {
  const grey = new Float32Array(width * height);
  for (let i = 0; i < grey.length; i++) {
    grey[i] = 0.299 * data[i * 4]! + 0.587 * data[i * 4 + 1]! + 0.114 * data[i * 4 + 2]!;
  }
  return grey;
}

/**
 * The ratio at four scales (the grey copy, then halved three times by averaging 2×2 blocks), the worst deciding. At one
 * scale a heavy blur leaves ramps under one grey level a pixel, which 8-bit pixels turn into 1-level stairs: crisp
 * little edges that read as sharp. Halving makes the ramps steeper and averages the stairs away.
 */
function sharpnessScore(grey: Float32Array, width: number, height: number): number {
  if (deviation(grey) < FLAT_DEVIATION) return 1;
  let level = { grey, width, height };
  let score = ratioScore(level.grey, level.width, level.height);
  for (let halving = 0; halving < 3 && level.width >= 16 && level.height >= 16; halving++) {
    level = half(level.grey, level.width, level.height);
    score = Math.min(score, ratioScore(level.grey, level.width, level.height));
  }
  return score;
}

function ratioScore(grey: Float32Array, width: number, height: number): number {
  let gradient = 0;
  let laplacian = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const left = grey[i - 1]!;
      const right = grey[i + 1]!;
      const above = grey[i - width]!;
      const below = grey[i + width]!;
      // Central differences, so both pixels beside a step see it (and its Laplacian, + on one side, − on the other).
      const slope = (Math.abs(right - left) + Math.abs(below - above)) / 2;
      if (slope < EDGE_SLOPE) continue;
      gradient += slope;
      laplacian += Math.abs(left + right + above + below - 4 * grey[i]!);
    }
  }
  // No edge steeper than EDGE_SLOPE at all, in a picture that is not flat: everything is smeared.
  if (gradient === 0) return 0;
  return clamp01((laplacian / gradient - BLURRED_RATIO) / (SHARP_RATIO - BLURRED_RATIO));
}

function deviation(grey: Float32Array): number {
  let sum = 0;
  let squares = 0;
  for (const value of grey) {
    sum += value;
    squares += value * value;
  }
  const mean = sum / grey.length;
  return Math.sqrt(Math.max(0, squares / grey.length - mean * mean));
}

/** Half the size, each pixel the mean of a 2×2 block (kept as floats, so no new stairs appear). */
function half(grey: Float32Array, width: number, height: number): { grey: Float32Array; width: number; height: number } {
  const w = Math.floor(width / 2);
  const h = Math.floor(height / 2);
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = 2 * y * width + 2 * x;
      out[y * w + x] = (grey[i]! + grey[i + 1]! + grey[i + width]! + grey[i + width + 1]!) / 4;
    }
  }
  return { grey: out, width: w, height: h };
}

function exposureScores(grey: Float32Array): { exposure: number; brightness: number } {
  const histogram = new Uint32Array(256);
  let sum = 0;
  for (const value of grey) {
    histogram[Math.min(255, Math.round(value))]!++;
    sum += value;
  }
  const highlights = percentile(histogram, grey.length, 0.95) / 255;
  const shadows = percentile(histogram, grey.length, 0.02) / 255;
  const light = clamp01(highlights / ENOUGH_LIGHT);
  const shade = clamp01((1 - shadows) / (1 - ENOUGH_SHADE));
  return { exposure: Math.min(light, shade), brightness: sum / grey.length / 255 };
}

/**
 * Immerkær (1996): the mask [1 -2 1; -2 4 -2; 1 -2 1] is zero on flat areas, ramps and straight edges, so what is
 * left is noise, with a standard deviation of 6σ. For a normal variable, the 25th percentile of |x| is 0.3186 of
 * its standard deviation.
 */
function noiseSigma(grey: Float32Array, width: number, height: number): number {
  const histogram = new Uint32Array(16 * 255 + 1);
  let count = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const corners = grey[i - width - 1]! + grey[i - width + 1]! + grey[i + width - 1]! + grey[i + width + 1]!;
      const sides = grey[i - width]! + grey[i + width]! + grey[i - 1]! + grey[i + 1]!;
      histogram[Math.round(Math.abs(corners - 2 * sides + 4 * grey[i]!))]!++;
      count++;
    }
  }
  if (count === 0) return 0;
  return percentile(histogram, count, 0.25) / (0.3186 * 6);
}

/** The value below which `fraction` of the counted values lie, from a histogram of whole numbers. */
function percentile(histogram: Uint32Array, total: number, fraction: number): number {
  const target = fraction * total;
  let seen = 0;
  for (let value = 0; value < histogram.length; value++) {
    seen += histogram[value]!;
    if (seen > target) return value;
  }
  return histogram.length - 1;
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
