import { createRequire } from 'node:module';
import type sharpFactory from 'sharp';
import { ImageGuardError } from '../errors.js';

type SharpFactory = typeof sharpFactory;

let factory: SharpFactory | undefined;

/**
 * sharp, loaded on first use. It is an optional peer dependency (a browser app never needs its native binaries), so
 * the Node verifier says how to install it instead of failing on a bare module-not-found.
 */
export function loadSharp(): SharpFactory {
  if (factory) return factory;
  try {
    factory = createRequire(import.meta.url)('sharp') as SharpFactory;
    return factory;
  } catch (cause) {
    const missing = (cause as { code?: unknown }).code === 'MODULE_NOT_FOUND';
    throw new ImageGuardError(
      'missing_dependency',
      missing
        ? 'The Node verifier decodes images with sharp, which is not installed: run `npm install sharp` (a browser app does not need it).'
        : `sharp is installed but could not be loaded (${(cause as Error).message}); reinstall it for this platform with \`npm install sharp\`.`,
      { cause },
    );
  }
}
