/**
 * The tfjs models' weight files are served gzipped, as their bytes (no Content-Encoding), and the analysis worker's
 * fetch (model-fetch.ts) unpacks them with DecompressionStream: hosts compress scripts and JSON but seldom
 * `application/octet-stream`, and these are most of a first visit (13.2 MB of weights, 9.4 MB gzipped; the
 * quantised SSD weights lose 38%). The Vite plugin and `runtimeAssets()` pack them (assets/npm.ts); the Node
 * verifier reads them unpacked. Browser-safe: the rule only, no compression code.
 */
import { analyzerSpecs } from '../analyzers/registry.js';

/** Paths under `modelBaseUrl` served gzipped: the binary files of the analyzers that run on tfjs. */
export const packedPaths: ReadonlySet<string> = new Set(
  analyzerSpecs
    .filter((spec) => spec.tfjs)
    .flatMap((spec) => spec.files)
    .filter((file) => file.contentType === 'application/octet-stream')
    .map((file) => file.path),
);
