/**
 * The analysis itself, shared by the browser's analysis worker (runtime/worker.ts) and the Node verifier: load the
 * enabled analyzers, then run them on an image's decoded frames. Only decoding and resizing differ between the two,
 * behind `Frame`, so a server re-checking an upload gets the verdict the browser got. Nothing here names an
 * analyzer: what each one loads, which frame it sees and at what size is its contract (analyzers/contract.ts).
 */
import type { Analyzer, AnalyzerSpec, LoadEnv } from '../analyzers/contract.js';
import { loaders, type AnalyzerEvidence, type LoadedAnalyzers } from '../analyzers/loaders.js';
import { analyzerSpecs, type AnalyzerConfig, type AnalyzerName, type ModelAnalyzerName } from '../analyzers/registry.js';
import { sha256Hex } from '../input/hash.js';
import { readMetadata } from '../input/metadata.js';
import type { DecodedImage, Frame } from '../input/pixels.js';
import { probeImage, type Limits, type Probe } from '../input/probe.js';
import type { AnalyzerFailure } from '../verdict/types.js';
import type { WorkerEvidence, WorkerReady } from './protocol.js';

export type { LoadedAnalyzers } from '../analyzers/loaders.js';

type LoadedModel = WorkerReady['models'][number];

/**
 * Loads every enabled analyzer at once: tesseract starts its own worker and fetches its files while tfjs loads its
 * models (all on the one tfjs backend, `env.tfjsBackend`). An analyzer that fails to load is not fatal: it is
 * recorded in `failures`, and the policy's onModelError decides what an image that was not fully checked means.
 * `from` says where the files come from, for those messages.
 */
export async function loadAnalyzers(
  config: AnalyzerConfig,
  env: LoadEnv,
  from: string,
  /** Hears of each model as it loads or fails, so a start that stalls can say which one it waits for. */
  onSettled: (name: ModelAnalyzerName) => void = () => {},
): Promise<{ analyzers: LoadedAnalyzers; models: LoadedModel[]; failures: AnalyzerFailure[] }> {
  const analyzers: Record<string, Analyzer> = {};
  const models: LoadedModel[] = [];
  const failures: AnalyzerFailure[] = [];
  await Promise.all(
    analyzerSpecs.map(async (spec: AnalyzerSpec<AnalyzerName>) => {
      const settings = config[spec.name];
      if (settings === null) return;
      const load = loaders[spec.name] as (settings: unknown, env: LoadEnv) => Promise<Analyzer>;
      // Nothing to fetch (quality): it cannot fail as a model does, and reports no loading.
      if (spec.model === null) return void (analyzers[spec.name] = await load(settings, env));
      const name = spec.name as ModelAnalyzerName;
      const started = performance.now();
      try {
        const analyzer = await load(settings, env);
        analyzers[name] = analyzer;
        const backend = spec.tfjs ? await env.tfjsBackend : (analyzer.backend ?? 'js');
        models.push({ name, backend, ms: performance.now() - started });
      } catch (cause) {
        failures.push({ analyzer: name, code: 'model_load_failed', message: `${spec.model} could not be loaded from ${from} (${errorText(cause)}).` });
      }
      onSettled(name);
    }),
  );
  // In the registry's order, whichever finished first.
  const order = (name: AnalyzerName) => analyzerSpecs.findIndex((spec) => spec.name === name);
  models.sort((a, b) => order(a.name) - order(b.name));
  failures.sort((a, b) => order(a.analyzer) - order(b.analyzer));
  return { analyzers: analyzers as LoadedAnalyzers, models, failures };
}

/** The same settings with only the tfjs analyzers on: what is reloaded when tfjs moves to another backend. */
export function tfjsOnly(config: AnalyzerConfig): AnalyzerConfig {
  return Object.fromEntries(analyzerSpecs.map((spec) => [spec.name, spec.tfjs ? config[spec.name] : null])) as AnalyzerConfig;
}

/** Frees each analyzer; one that fails to (a lost WebGL context's textures) does not stop the others. */
export async function disposeAnalyzers(analyzers: LoadedAnalyzers, keep: (spec: AnalyzerSpec) => boolean = () => false): Promise<void> {
  await Promise.all(
    analyzerSpecs
      .filter((spec) => !keep(spec))
      .map(async (spec) => {
        try {
          await analyzers[spec.name]?.dispose();
        } catch {
          // Freeing textures of a lost context can fail; they are gone with it anyway.
        }
      }),
  );
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  // tesseract.js rejects with nothing when its worker script or core cannot load.
  return error === undefined || error === null || error === '' ? 'it failed to start' : String(error);
}

/** Times named stages into `timings` as `<stage>Ms`. */
export function stageTimer(): { timings: Record<string, number>; time: <T>(stage: string, work: () => Promise<T> | T) => Promise<T> } {
  const timings: Record<string, number> = {};
  return {
    timings,
    async time(stage, work) {
      const started = performance.now();
      try {
        return await work();
      } finally {
        // A stage timed twice (an analyzer's second look) adds up.
        timings[`${stage}Ms`] = (timings[`${stage}Ms`] ?? 0) + performance.now() - started;
      }
    },
  };
}

/** The one thing the browser and Node do differently: turning bytes into frames. */
export type Decoder = (bytes: Uint8Array, probe: Probe, maxFrames: number) => Promise<DecodedImage>;

/**
 * Everything known about one image: probe (limits are read from the header, before a single pixel is allocated),
 * hash, metadata, decode, then the analyzers on its frames. `backend` is reported only when a tfjs analyzer ran.
 */
export async function analyzeImage(
  bytes: Uint8Array,
  options: {
    limits: Limits;
    knownHash: string | undefined;
    decode: Decoder;
    analyzers: LoadedAnalyzers;
    failures: AnalyzerFailure[];
    backend: string | null;
  },
): Promise<WorkerEvidence> {
  const { timings, time } = stageTimer();
  const probe = probeImage(bytes, options.limits);
  const [hash, metadata, decoded] = await Promise.all([
    options.knownHash ?? time('hash', () => sha256Hex(bytes)),
    time('metadata', () => readMetadata(bytes)),
    time('decode', () => options.decode(bytes, probe, options.limits.maxFrames)),
  ]);
  try {
    const evidence = await analyzeFrames(decoded.frames, options.analyzers, time, (frame) => frame.close());
    const tfjsRan = analyzerSpecs.some((spec) => spec.tfjs && evidence[spec.name] !== null);
    return {
      hash,
      image: {
        width: decoded.width,
        height: decoded.height,
        format: probe.format,
        mimeType: probe.mimeType,
        bytes: bytes.length,
        frames: decoded.frameCount,
        sampledFrames: decoded.frames.map((frame) => frame.index),
        truncated: probe.truncated,
      },
      metadata,
      ...evidence,
      errors: options.failures,
      timings,
      backend: tfjsRan ? options.backend : null,
    };
  } finally {
    // Frames released early are closed a second time here, which is safe (DecodedImage's frames).
    for (const frame of decoded.frames) frame.close();
  }
}

/**
 * Runs the loaded analyzers on an image's frames (at least one), each on the frames its spec names:
 * 1. analyzers in a thread of their own start at once (OCR: tesseract's worker, on the other core);
 * 2. 'every' analyzers score each frame, and the worst frame of the first of them is the decisive one;
 * 3. the others run on their frame, each after the analyzers whose context it `uses`;
 * 4. an analyzer with a second look looks again at the decisive frame with the contexts of those it `looksAgainWith`.
 * Once the decisive frame is known, `release` hears of each sampled frame no analyzer will see again (all but the
 * first and the decisive one), so an animation's other frames are freed before the costlier analyzers run.
 */
export async function analyzeFrames<F extends Frame>(
  frames: readonly F[],
  analyzers: LoadedAnalyzers,
  time: ReturnType<typeof stageTimer>['time'],
  release: (frame: F) => void = () => {},
): Promise<AnalyzerEvidence> {
  const evidence = Object.fromEntries(analyzerSpecs.map((spec) => [spec.name, null])) as Record<AnalyzerName, unknown>;
  const contexts: Record<string, unknown> = {};
  const on = analyzerSpecs.filter((spec) => analyzers[spec.name]) as AnalyzerSpec<AnalyzerName>[];
  const loaded = (spec: AnalyzerSpec<AnalyzerName>) => analyzers[spec.name] as Analyzer;
  const runOn = async (spec: AnalyzerSpec<AnalyzerName>, frame: Frame) => {
    const finding = await analyzeFrame(loaded(spec), frame, seenBy(spec, contexts));
    evidence[spec.name] = finding.evidence;
    if (finding.context !== undefined) contexts[spec.name] = finding.context;
  };
  const started: Promise<void>[] = [];
  const start = (spec: AnalyzerSpec<AnalyzerName>, frame: Frame) => {
    const running = time(spec.name, () => runOn(spec, frame));
    running.catch(() => undefined); // its failure is thrown where it is awaited, below
    started.push(running);
  };

  const first = frames[0]!;
  for (const spec of on) if (spec.ownThread && spec.frames === 'first') start(spec, first);
  let decisive: Frame = first;
  for (const [index, spec] of on.filter((candidate) => candidate.frames === 'every').entries()) {
    const worst = await time(spec.name, () => worstFrame(loaded(spec), frames, seenBy(spec, contexts)));
    evidence[spec.name] = worst.finding.evidence;
    if (worst.finding.context !== undefined) contexts[spec.name] = worst.finding.context;
    if (index === 0) decisive = worst.frame;
  }
  for (const frame of frames) if (frame !== first && frame !== decisive) release(frame);
  for (const spec of on) if (spec.ownThread && spec.frames === 'decisive') start(spec, decisive);
  const inThread = inDependencyOrder(on.filter((candidate) => !candidate.ownThread && candidate.frames !== 'every'));
  for (const spec of inThread) {
    await time(spec.name, () => runOn(spec, spec.frames === 'first' ? first : decisive));
  }
  // Second looks, with the contexts of what ran on this thread (an own-thread analyzer may not have finished).
  const ranHere = new Set<string>(inThread.map((spec) => spec.name));
  for (const spec of on) {
    const analyzer = loaded(spec);
    const seen = seenBy({ uses: (spec.looksAgainWith ?? []).filter((name) => ranHere.has(name)) }, contexts);
    if (!analyzer.lookAgain || evidence[spec.name] === null) continue;
    const again = await time(spec.name, () => analyzer.lookAgain!(evidence[spec.name], decisive, seen));
    if (again !== null) evidence[spec.name] = again;
  }
  await Promise.all(started);
  return evidence as AnalyzerEvidence;
}

/**
 * The analyzer's gate first (the cascade: cheap signals may settle it), else its input pixels from the frame (its
 * size, sampling and background) and its run on them.
 */
async function analyzeFrame(analyzer: Analyzer, frame: Frame, seen: Record<string, unknown>) {
  const settled = analyzer.gate ? await analyzer.gate(frame, seen) : null;
  if (settled) return settled;
  const { input } = analyzer;
  const { width, height } = input.size(frame.width, frame.height);
  const pixels = await frame.resize(width, height, input.sampling, input.background);
  return analyzer.analyze(pixels, frame, seen);
}

/** Every sampled frame is analysed; the one of highest `severity` decides. */
async function worstFrame(analyzer: Analyzer, frames: readonly Frame[], seen: Record<string, unknown>) {
  const severity = analyzer.severity ?? (() => 0);
  let worst: { finding: Awaited<ReturnType<Analyzer['analyze']>>; frame: Frame } | null = null;
  for (const frame of frames) {
    const finding = await analyzeFrame(analyzer, frame, seen);
    if (!worst || severity(finding.evidence) > severity(worst.finding.evidence)) worst = { finding, frame };
  }
  return worst!;
}

/** The contexts an analyzer's spec `uses`, of those that ran. */
function seenBy(spec: Pick<AnalyzerSpec, 'uses'>, contexts: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries((spec.uses ?? []).filter((name) => name in contexts).map((name) => [name, contexts[name]]));
}

/** In the registry's order, except that an analyzer comes after those it `uses` (the ones that are on). */
export function inDependencyOrder<S extends AnalyzerSpec>(specs: readonly S[]): S[] {
  const ordered: S[] = [];
  const pending = [...specs];
  while (pending.length > 0) {
    const ready = pending.findIndex((spec) =>
      (spec.uses ?? []).every((name) => ordered.some((done) => done.name === name) || !pending.some((other) => other.name === name)),
    );
    if (ready === -1) throw new Error(`Analyzers use each other in a cycle: ${pending.map((spec) => spec.name).join(', ')}.`);
    ordered.push(...pending.splice(ready, 1));
  }
  return ordered;
}
