import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { BackendChoice, DeviceFacts, TfjsBackend } from '../options.js';
import { backendOrder, isSoftwareRenderer } from './backend-order.js';

/** Probes what `backendOrder` decides on. Each probe is cheap, and a failing one only means "not available". */
export async function probeDevice(): Promise<DeviceFacts> {
  const [webgpu, wasmSimd, wasmThreads] = await Promise.all([
    probeWebGpu(),
    flag('WASM_HAS_SIMD_SUPPORT'),
    flag('WASM_HAS_MULTITHREAD_SUPPORT'),
  ]);
  return { webgpu, ...probeWebGl(), wasm: typeof WebAssembly !== 'undefined', wasmSimd, wasmThreads };
}

async function probeWebGpu(): Promise<boolean> {
  // Node 20 (the verifier) has no navigator.
  if (typeof navigator === 'undefined') return false;
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return false;
  try {
    return (await gpu.requestAdapter()) !== null;
  } catch {
    return false;
  }
}

function probeWebGl(): Pick<DeviceFacts, 'webgl' | 'renderer'> {
  if (typeof OffscreenCanvas === 'undefined') return { webgl: 'none', renderer: null };
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (!gl) return { webgl: 'none', renderer: null };
  try {
    // Chromium answers RENDERER unmasked; older browsers only through the debug extension.
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '') || null;
    // A context refused with failIfMajorPerformanceCaveat is the browser saying "software rendering".
    const fast = new OffscreenCanvas(1, 1).getContext('webgl2', { failIfMajorPerformanceCaveat: true });
    fast?.getExtension('WEBGL_lose_context')?.loseContext();
    const software = !fast || (renderer !== null && isSoftwareRenderer(renderer));
    return { webgl: software ? 'software' : 'gpu', renderer };
  } finally {
    // Browsers cap live WebGL contexts; the probe's must not count against tfjs'.
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
}

/** tfjs-backend-wasm's own feature flags: the same tests it uses to pick its SIMD and threaded binaries. */
async function flag(name: string): Promise<boolean> {
  try {
    return Boolean(await tf.env().getAsync(name));
  } catch {
    return false;
  }
}

export interface SelectedBackend {
  name: string;
  facts: DeviceFacts;
  /** The order tried, the chosen one among them. */
  order: TfjsBackend[];
}

/**
 * Picks the tfjs backend inside the worker: probes the device, orders the candidates (`backendOrder`) and really
 * initialises each in turn; one that fails falls through to the next. `exclude` drops backends already known to be
 * broken here (WebGL after its context was lost).
 */
export async function selectBackend(
  choice: BackendChoice,
  wasmFolderUrl: string,
  exclude: readonly TfjsBackend[] = [],
): Promise<SelectedBackend> {
  // Never fetch the wasm binaries from a CDN: they come from the page's own origin.
  setWasmPaths(wasmFolderUrl);
  const facts = await probeDevice();
  const order = backendOrder(choice, facts).filter((name) => !exclude.includes(name));
  for (const name of order) {
    if (name === 'wasm' && !facts.wasm) continue;
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return { name: tf.getBackend(), facts, order };
      }
    } catch {
      // This backend cannot start here (no WebGL context, wasm blocked by CSP...): try the next one.
    }
  }
  throw new Error(`No tfjs backend could start (${order.join(', ')} all failed).`);
}

/**
 * Calls `onLost` once if the WebGL context tfjs renders with is lost (a GPU reset, a driver update, the browser
 * reclaiming contexts). tfjs does not recover from that; the worker then moves the models to the next backend.
 */
export function watchContextLoss(onLost: () => void): void {
  if (tf.getBackend() !== 'webgl') return;
  const backend = tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } };
  const canvas = backend.gpgpu?.gl?.canvas;
  canvas?.addEventListener('webglcontextlost', () => onLost(), { once: true });
}
