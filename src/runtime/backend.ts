import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { BackendChoice } from '../options.js';

/**
 * Picks the tfjs backend inside the worker. 'auto' prefers wasm: on a machine without a real GPU, WebGL is
 * software-rendered and measured 7-8x slower for nsfwjs (docs/ARCHITECTURE.md). Each candidate is really
 * initialised; one that fails falls through to the next, ending with the always-available cpu backend.
 */
const AUTO_ORDER: readonly Exclude<BackendChoice, 'auto'>[] = ['wasm', 'webgl', 'cpu'];

export async function selectBackend(choice: BackendChoice, wasmFolderUrl: string): Promise<string> {
  // Never fetch the wasm binaries from a CDN: they come from the page's own origin.
  setWasmPaths(wasmFolderUrl);
  const candidates = choice === 'auto' ? AUTO_ORDER : [choice, ...AUTO_ORDER.filter((name) => name !== choice)];
  for (const name of candidates) {
    if (name === 'wasm' && typeof WebAssembly === 'undefined') continue;
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return tf.getBackend();
      }
    } catch {
      // This backend cannot start here (no WebGL context, wasm blocked by CSP...): try the next one.
    }
  }
  throw new Error('No tfjs backend could start (wasm, webgl and cpu all failed).');
}
