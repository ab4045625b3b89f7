/**
 * Every analyzer, once. The worker, the pipeline, the Node verifier, the options resolver, progress, the Vite
 * plugin's and Node's file lists, the CLI's switches and the docs' tables are all derived from this list (a unit
 * test holds docs/API.md to it). Browser-safe: specs are data, no model code (that is `loaders.ts`).
 *
 * The order is that of `analysis.errors` (and so of their flags), progress events and the CLI's switches.
 */
import type { AnalyzerSpec, RuntimeFile } from './contract.js';
import { facesSpec } from './faces/spec.js';
import { nsfwSpec } from './nsfw/spec.js';
import { objectsSpec } from './objects/spec.js';
import { qualitySpec } from './quality/spec.js';
import { textSpec } from './text/spec.js';

export const analyzerSpecs = [nsfwSpec, facesSpec, objectsSpec, textSpec, qualitySpec] as const;

type Specs = (typeof analyzerSpecs)[number];
type SpecOf<N extends AnalyzerName> = Extract<Specs, { name: N }>;

export type AnalyzerName = Specs['name'];
/** The analyzers that load a model, so report loading progress and can fail to load. */
export type ModelAnalyzerName = Extract<Specs, { model: string }>['name'];
/** What `analyzers.<name>` accepts: true, false, or (for some) an object of settings. */
export type AnalyzerOption<N extends AnalyzerName> = Parameters<SpecOf<N>['resolve']>[0];
/** What its loader takes once the option is checked. */
export type AnalyzerSettings<N extends AnalyzerName> = NonNullable<ReturnType<SpecOf<N>['resolve']>>;
/** Each analyzer's settings, or null when it is off: what the analysis worker is started with. */
export type AnalyzerConfig = { [N in AnalyzerName]: AnalyzerSettings<N> | null };

export const analyzerNames: readonly AnalyzerName[] = analyzerSpecs.map((spec) => spec.name);

export function specOf<N extends AnalyzerName>(name: N): SpecOf<N> & AnalyzerSpec<N> {
  return analyzerSpecs.find((spec) => spec.name === name) as SpecOf<N> & AnalyzerSpec<N>;
}

/** The tfjs wasm backend's binaries (plain, SIMD, threaded SIMD): tfjs picks one from what the page allows. */
export const TFJS_WASM_FOLDER = 'tfjs-backend-wasm/';

const tfjsBackendFiles: RuntimeFile[] = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'].map(
  (file) => ({
    path: `${TFJS_WASM_FOLDER}${file}`,
    contentType: 'application/wasm',
    npm: { package: '@tensorflow/tfjs-backend-wasm', file: `dist/${file}` },
  }),
);

/** Every file the library fetches at run time: each analyzer's, and tfjs' backend (shared by the tfjs analyzers). */
export function runtimeFiles(): RuntimeFile[] {
  const uses = (spec: AnalyzerSpec) => spec.tfjs;
  return [
    ...analyzerSpecs.flatMap((spec): readonly RuntimeFile[] => spec.files),
    ...(analyzerSpecs.some(uses) ? tfjsBackendFiles : []),
  ];
}

/** Which analyzer a file under `modelBaseUrl` belongs to, for progress: tfjs' wasm binaries are the 'backend'. */
export function analyzerOfFile(path: string): ModelAnalyzerName | 'backend' {
  const spec = analyzerSpecs.find((candidate) => candidate.files.some((file: RuntimeFile) => file.path === path));
  return spec && spec.model !== null ? (spec.name as ModelAnalyzerName) : 'backend';
}

/** The `analyzers` option: each on unless false. */
export type AnalyzerOptions = { [N in AnalyzerName]?: AnalyzerOption<N> };
