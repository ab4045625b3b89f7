import type { BackendChoice, DeviceFacts, TfjsBackend } from '../options.js';

/** Renderers that are the CPU pretending to be a GPU: tfjs WebGL on them is several times slower than wasm. */
const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software|basic render|mesa offscreen/i;

export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE_RENDERERS.test(renderer);
}

/**
 * The order backends are tried in, from the probed facts; pure, so the decision is unit-tested. For 'auto':
 * WebGL first on a real GPU (where tfjs' own benchmarks put MobileNets ahead of wasm; not measured here, this
 * machine has none); otherwise wasm, measured 4-5x faster than software-rendered WebGL on nsfwjs (`npm run bench`),
 * with SIMD and threads when the browser allows (tfjs picks that binary itself); then WebGL if any; cpu (plain
 * JavaScript) always last. An explicit choice is
 * tried first and falls back along the same chain.
 */
export function backendOrder(choice: BackendChoice, facts: DeviceFacts): TfjsBackend[] {
  const order: TfjsBackend[] = [];
  if (facts.webgl === 'gpu') order.push('webgl');
  if (facts.wasm) order.push('wasm');
  if (facts.webgl === 'software') order.push('webgl');
  order.push('cpu');
  return choice === 'auto' ? order : [choice, ...order.filter((name) => name !== choice)];
}
