import { env } from '@vladmandic/face-api/dist/face-api.esm-nobundle.js';

type Environment = Parameters<typeof env.setEnv>[0];

/** Matches nothing: a worker has no <img> or <video>, so no input is ever one. */
class NoMediaElement {}

/**
 * face-api probes its "environment" for DOM classes (to tell images from tensors) and takes `fetch` from it to load
 * weights. In a worker it finds no `window`, leaves the environment unset and throws on first use. We give it the
 * worker's equivalents: OffscreenCanvas for canvases, never-matching classes for images and videos (we only ever
 * pass tensors), and the worker's own fetch. The environment is face-api module state, which lives in this guard's
 * worker only.
 */
export function installWorkerEnvironment(): void {
  const unavailable = (what: string) => () => {
    throw new Error(`face-api asked for ${what}, which this worker does not provide (inputs are tensors).`);
  };
  const environment = {
    Canvas: OffscreenCanvas,
    CanvasRenderingContext2D: OffscreenCanvasRenderingContext2D,
    Image: NoMediaElement,
    ImageData,
    Video: NoMediaElement,
    createCanvasElement: () => new OffscreenCanvas(1, 1),
    createImageElement: unavailable('an <img>'),
    createVideoElement: unavailable('a <video>'),
    fetch: (url: string, init?: RequestInit) => fetch(url, init),
    readFile: unavailable('a file system'),
  };
  // face-api types its environment with DOM classes; these are their worker stand-ins.
  env.setEnv(environment as unknown as Environment);
}
