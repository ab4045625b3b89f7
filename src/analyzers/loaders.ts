/**
 * How each analyzer of the registry loads: worker and Node only, since it imports the model code. Typed against the
 * registry, so an analyzer listed there without its loader here (or with a loader for other settings) does not
 * compile.
 */
import type { Analyzer, Loader } from './contract.js';
import { loadFaces } from './faces/load.js';
import { loadNsfw } from './nsfw/load.js';
import { loadObjects } from './objects/load.js';
import { loadQuality } from './quality/load.js';
import type { AnalyzerName, AnalyzerSettings } from './registry.js';
import { loadText } from './text/load.js';

export const loaders = {
  nsfw: loadNsfw,
  faces: loadFaces,
  objects: loadObjects,
  text: loadText,
  quality: loadQuality,
} satisfies { [N in AnalyzerName]: Loader<AnalyzerSettings<N>, unknown, unknown> };

type Loaded<N extends AnalyzerName> = Awaited<ReturnType<(typeof loaders)[N]>>;

/** What each analyzer puts in the evidence (`analysis.<name>`). */
export type EvidenceOf<N extends AnalyzerName> = Loaded<N> extends Analyzer<infer E, unknown> ? E : never;

/** The evidence of one image, every analyzer's; null where it is off. */
export type AnalyzerEvidence = { [N in AnalyzerName]: EvidenceOf<N> | null };

/** The loaded analyzers, by name; absent when off or failed to load. */
export type LoadedAnalyzers = { [N in AnalyzerName]?: Analyzer<EvidenceOf<N>, unknown> };
