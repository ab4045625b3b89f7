import { env } from '#face-api';

type Environment = Parameters<typeof env.setEnv>[0];

/** Matches nothing: a worker or Node has no <img>, <video> (nor, in Node, canvas), so no input is ever one. */
class NoMediaElement {}

/**
 * face-api probes its "environment" for DOM classes (to tell images from tensors) and takes `fetch` from it to load
 * weights. In a worker it finds no `window`, leaves the environment unset and throws on first use; in Node it
 * expects a canvas package. We give it the worker's equivalents: OffscreenCanvas for canvases (Node: none), never-
 * matching classes for images and videos (we only ever pass tensors), and the global fetch. The environment is
 * face-api module state, which lives in this guard's worker (or the Node verifier's process) only.
 */
export function installWorkerEnvironment(): void {
  const unavailable = (what: string) => () => {
    throw new Error(`face-api asked for ${what}, which image-guard-kit never gives it (its inputs are tensors).`);
  };
  const canvas = typeof OffscreenCanvas === 'undefined' ? null : OffscreenCanvas;
  const environment = {
    Canvas: canvas ?? NoMediaElement,
    CanvasRenderingContext2D: canvas ? OffscreenCanvasRenderingContext2D : NoMediaElement,
    Image: NoMediaElement,
    ImageData: typeof ImageData === 'undefined' ? NoMediaElement : ImageData,
    Video: NoMediaElement,
    createCanvasElement: canvas ? () => new canvas(1, 1) : unavailable('a canvas'),
    createImageElement: unavailable('an <img>'),
    createVideoElement: unavailable('a <video>'),
    fetch: (url: string, init?: RequestInit) => fetch(url, init),
    readFile: unavailable('a file system'),
  };
  // face-api types its environment with DOM classes; these are their worker stand-ins.
  env.setEnv(environment as unknown as Environment);
}
