import { describe, expect, it } from 'vitest';
import { cropPixels, halvePixels, turnPixels, type RgbaImage } from '../../src/input/pixels.js';

// The pixel steps NSFW region passes share between the browser and Node: a crop is copied pixel for pixel, a turn
// moves pixels without resampling, and the layout copy averages 2×2 blocks.

/** A width×height image whose pixel (x, y) is [x, y, x + y, 255]. */
function ramp(width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([x, y, x + y, 255], (y * width + x) * 4);
  return { width, height, data };
}

const at = (image: RgbaImage, x: number, y: number) => [...image.data.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 4)];

describe('region pixels', () => {
  it('crops exactly the region', () => {
    const crop = cropPixels(ramp(10, 8), { x: 3, y: 2, width: 4, height: 5 });
    expect([crop.width, crop.height]).toEqual([4, 5]);
    expect(at(crop, 0, 0)).toEqual([3, 2, 5, 255]);
    expect(at(crop, 3, 4)).toEqual([6, 6, 12, 255]);
  });

  it('turns clockwise by quarter turns, and four turns give the image back', () => {
    const image = ramp(3, 2);
    const once = turnPixels(image, 1);
    expect([once.width, once.height]).toEqual([2, 3]);
    // The bottom-left pixel (0, 1) goes to the top-left after a clockwise quarter turn.
    expect(at(once, 0, 0)).toEqual(at(image, 0, 1));
    expect(at(turnPixels(image, 2), 0, 0)).toEqual(at(image, 2, 1));
    expect(at(turnPixels(image, 3), 0, 0)).toEqual(at(image, 2, 0));
    expect(turnPixels(turnPixels(turnPixels(once, 1), 1), 1).data).toEqual(image.data);
  });

  it('halves by averaging 2x2 blocks', () => {
    const half = halvePixels(ramp(4, 4));
    expect([half.width, half.height]).toEqual([2, 2]);
    // (0,0),(1,0),(0,1),(1,1): x mean 0.5, y mean 0.5, x+y mean 1; rounded half up.
    expect(at(half, 0, 0)).toEqual([1, 1, 1, 255]);
    expect(at(half, 1, 1)).toEqual([3, 3, 5, 255]);
  });
});
