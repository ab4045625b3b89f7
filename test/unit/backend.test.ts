import { describe, expect, it } from 'vitest';
import { backendOrder, isSoftwareRenderer } from '../../src/runtime/backend-order.js';
import type { DeviceFacts } from '../../src/options.js';

const device = (facts: Partial<DeviceFacts>): DeviceFacts => ({
  webgpu: false,
  webgl: 'software',
  renderer: null,
  wasm: true,
  wasmSimd: true,
  wasmThreads: false,
  ...facts,
});

describe('backendOrder', () => {
  it('auto: wasm before software-rendered WebGL, cpu last', () => {
    expect(backendOrder('auto', device({ webgl: 'software' }))).toEqual(['wasm', 'webgl', 'cpu']);
  });

  it('auto: WebGL first on a real GPU, whatever wasm offers', () => {
    expect(backendOrder('auto', device({ webgl: 'gpu', wasmThreads: true }))).toEqual(['webgl', 'wasm', 'cpu']);
  });

  it('auto: leaves out what the device lacks', () => {
    expect(backendOrder('auto', device({ webgl: 'none' }))).toEqual(['wasm', 'cpu']);
    expect(backendOrder('auto', device({ webgl: 'gpu', wasm: false }))).toEqual(['webgl', 'cpu']);
    expect(backendOrder('auto', device({ webgl: 'none', wasm: false }))).toEqual(['cpu']);
  });

  it('an explicit choice goes first and falls back along the auto chain', () => {
    expect(backendOrder('webgl', device({ webgl: 'software' }))).toEqual(['webgl', 'wasm', 'cpu']);
    expect(backendOrder('cpu', device({ webgl: 'gpu' }))).toEqual(['cpu', 'webgl', 'wasm']);
    // Still tried when the probe saw none: the probe can be wrong, and initialising it is the real test.
    expect(backendOrder('webgl', device({ webgl: 'none' }))).toEqual(['webgl', 'wasm', 'cpu']);
  });
});

describe('isSoftwareRenderer', () => {
  it('knows the CPU renderers by name', () => {
    for (const renderer of [
      'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
      'llvmpipe (LLVM 15.0.6, 256 bits)',
      'Microsoft Basic Render Driver',
    ]) {
      expect(isSoftwareRenderer(renderer), renderer).toBe(true);
    }
    for (const renderer of ['ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0)', 'Apple M2', 'Mali-G78']) {
      expect(isSoftwareRenderer(renderer), renderer).toBe(false);
    }
  });
});
