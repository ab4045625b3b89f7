/**
 * The contract every analyzer keeps, in two halves:
 * - its spec (`<name>/spec.ts`): what it is called, the runtime files it needs, how its option is checked, which
 *   frames it looks at, whether it runs on tfjs. Pure data and pure functions, safe on the page's main thread, in
 *   the Vite plugin and in Node; listed once in `registry.ts`.
 * - its loader (`<name>/load.ts`): how it loads, from the files the spec names, into an `Analyzer` that runs on one
 *   picture at the input size it asks for. Worker and Node only (it imports the model code); listed in `loaders.ts`,
 *   which the compiler keeps complete against the registry.
 * The pipeline (runtime/pipeline.ts) only ever speaks to analyzers through these two shapes.
 */
import { fitWithin, type Background, type Frame, type RgbaImage, type Sampling } from '../input/pixels.js';

/** Where an npm package holds a runtime file. */
export interface NpmFile {
  package: string;
  /** Path inside the package. */
  file: string;
  /** `package` is a dependency of this package, not of ours: resolved from its folder, where npm may nest it. */
  within?: string;
  /**
   * nsfwjs ships its model only as UMD scripts: 'umd-json' is a script holding the model JSON, 'umd-base64' one
   * holding a weights shard as base64. They are served decoded (model.json and a binary shard).
   */
  decode?: 'umd-json' | 'umd-base64';
}

/** A file an analyzer (or the tfjs backend) fetches at run time, relative to `modelBaseUrl`. */
export interface RuntimeFile {
  /** Path under the model base URL, e.g. 'nsfwjs/mobilenet_v2/model.json'. */
  path: string;
  contentType: string;
  /** Where the Vite plugin, `runtimeAssets()` and the Node verifier read it. */
  npm: NpmFile;
  /** Node reads this file instead (tesseract.js runs a worker_threads script there, not its browser worker). */
  node?: NpmFile;
}

/** How an analyzer wants its pixels: the size (from the picture's size), and how to sample and composite. */
export interface InputSpec {
  size(width: number, height: number): { width: number; height: number };
  sampling: Sampling;
  /** Default 'white' (see input/pixels.ts). */
  background?: Background;
}

/** Squashed to a square, aspect not kept, as models with a fixed square input were trained. */
export function squareInput(side: number, sampling: Sampling): InputSpec {
  return { size: () => ({ width: side, height: side }), sampling };
}

/** Shrunk (never enlarged) so the longer side is at most `maxSide`, aspect kept. */
export function fitInput(maxSide: number, sampling: Sampling): InputSpec {
  return { size: (width, height) => fitWithin(width, height, maxSide), sampling };
}

/**
 * Which frames of an animation an analyzer looks at:
 * - 'every': each sampled frame, and its `severity` picks the worst, whose frame the 'decisive' analyzers then see
 *   (so "a possible minor in sexual content" speaks of one picture);
 * - 'decisive': that frame (the first when no 'every' analyzer is on);
 * - 'first': the first frame (captions on an animation are there from its start).
 */
export type FrameChoice = 'every' | 'decisive' | 'first';

export interface AnalyzerSpec<N extends string = string, O = unknown, S = unknown> {
  readonly name: N;
  /**
   * What it loads, as the subject of "... could not be loaded": it names the analyzer in progress events and load
   * failures. null for an analyzer that loads nothing (quality: arithmetic on pixels), which reports no loading.
   */
  readonly model: string | null;
  /** Every file its loader fetches, under `modelBaseUrl`. */
  readonly files: readonly RuntimeFile[];
  /** Runs on the worker's one tfjs engine: loads once the backend is ready, and moves with it after a WebGL loss. */
  readonly tfjs: boolean;
  readonly frames: FrameChoice;
  /**
   * Runs in a worker of its own (tesseract.js), so it is started before the tfjs analyzers and awaited after them:
   * the two run on two cores at once.
   */
  readonly ownThread?: boolean;
  /**
   * Analyzers whose `context` it reads (see `Finding`); each that is on runs before it, on the same frame.
   */
  readonly uses?: readonly string[];
  /**
   * Analyzers whose context its second look (`Analyzer.lookAgain`) reads: it first runs in its turn, then looks
   * again once those of them that are on and run on the analysis thread (not `ownThread`) have run (at once when
   * none is), on the frame they saw. For an 'every' analyzer, which runs before the others to choose that frame
   * (NSFW, then a second look at the person and face boxes the object and face analyzers found).
   */
  readonly looksAgainWith?: readonly string[];
  /**
   * Checks `analyzers.<name>` as the caller gave it (`path` names it in messages): the settings its loader takes,
   * or null when it is off. Throws 'invalid_options' naming the exact path. Pure.
   */
  resolve(option: boolean | O | undefined, path: string): S | null;
}

/** Where a host finds the runtime files: a URL under modelBaseUrl in the browser, a file on disk in Node. */
export interface LoadEnv {
  /** A runtime file's path (or a folder of them, ending in '/') as the host's loaders reach it. */
  locate(path: string): string;
  /** Resolves (to the backend's name) once tfjs' backend is ready; tfjs analyzers load only after it. */
  tfjsBackend: Promise<string>;
}

/** What one run found: its evidence for the verdict, and what later analyzers may read (`AnalyzerSpec.uses`). */
export interface Finding<E, X = undefined> {
  evidence: E;
  context?: X;
}

/** A loaded analyzer. */
export interface Analyzer<E = unknown, X = unknown> {
  readonly input: InputSpec;
  /** What it runs on, when not the tfjs backend (tesseract.js-core is WebAssembly whatever tfjs uses). */
  readonly backend?: string;
  /**
   * One run on one frame: `pixels` is the whole frame at `input`; `frame` is there for what the whole frame does not
   * show (its index and full size, or passes over regions of it, resized by `frame.resize` as the whole is).
   * `seen`: the contexts of the analyzers its spec `uses` that are on, by name.
   */
  analyze(pixels: RgbaImage, frame: Frame, seen: Readonly<Record<string, unknown>>): Promise<Finding<E, X>>;
  /**
   * The cascade's hook: a cheap look before the run, at the frame (a small copy through `frame.resize`) and the
   * contexts it `uses`. A finding returned here is the run's result and its full-size input is never made (a photo
   * with no text costs no OCR pass, one with no person no face search); null runs `analyze` as usual. Asked per
   * frame the analyzer sees; its time counts in the analyzer's stage.
   */
  gate?(frame: Frame, seen: Readonly<Record<string, unknown>>): Promise<Finding<E, X> | null>;
  /**
   * The second look (`AnalyzerSpec.looksAgainWith`): its evidence from the first, the frame the other analyzers saw
   * (the decisive one) and their contexts (asked even when none of them is on: NSFW's turns come after its look at
   * people, and are its second look alone then). Returns the evidence that replaces the first, or null to keep it;
   * its time counts in the analyzer's stage.
   */
  lookAgain?(evidence: E, frame: Frame, seen: Readonly<Record<string, unknown>>): Promise<E | null>;
  /** For frames: 'every', how bad a frame's evidence is: the highest decides. */
  severity?(evidence: E): number;
  /** Frees the model; safe to call twice. */
  dispose(): void | Promise<void>;
}

export type Loader<S, E, X = unknown> = (settings: S, env: LoadEnv) => Promise<Analyzer<E, X>>;
