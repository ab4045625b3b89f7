import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runtimeAssets } from '../../src/assets/npm.js';
import { runtimeFiles } from '../../src/analyzers/registry.js';
import { packedPaths } from '../../src/runtime/packed.js';

describe('packed weights (runtime/packed.ts)', () => {
  it('are the tfjs models\' binary files: no JSON, wasm, script or tesseract file', () => {
    const packed = runtimeFiles().filter((file) => packedPaths.has(file.path));
    expect(packed.map((file) => file.path).sort()).toEqual([
      'face-api/age_gender_model.bin',
      'face-api/ssd_mobilenetv1_model.bin',
      'human/blazeface.bin',
      'human/centernet.bin',
      'nsfwjs/mobilenet_v2/group1-shard1of1',
    ]);
  });

  it('start unlike gzip as their packages hold them, so the worker tells a copy made by hand from a packed one', () => {
    for (const asset of runtimeAssets({ packed: false }).filter((candidate) => packedPaths.has(candidate.path))) {
      const start = [...asset.read().subarray(0, 3)];
      expect(start, asset.path).not.toEqual([0x1f, 0x8b, 0x08]);
    }
  });

  it('are served gzipped, unpacking to the npm bytes the Node verifier reads as they are', () => {
    const path = 'face-api/age_gender_model.bin';
    const served = runtimeAssets().find((asset) => asset.path === path)!.read();
    const unpacked = runtimeAssets({ packed: false }).find((asset) => asset.path === path)!.read();
    expect(served.length).toBeLessThan(unpacked.length);
    expect(gunzipSync(served).equals(unpacked)).toBe(true);
    const json = 'face-api/age_gender_model-weights_manifest.json';
    expect(runtimeAssets().find((asset) => asset.path === json)!.read().equals(runtimeAssets({ packed: false }).find((asset) => asset.path === json)!.read())).toBe(true);
  });
});
