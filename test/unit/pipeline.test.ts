import { describe, expect, it } from 'vitest';
import { fitInput, squareInput, type Analyzer } from '../../src/analyzers/contract.js';
import type { LoadedAnalyzers } from '../../src/analyzers/loaders.js';
import type { Frame, RgbaImage } from '../../src/input/pixels.js';
import { analyzeFrames, stageTimer } from '../../src/runtime/pipeline.js';

/** A frame whose pixels are its index, and a log of every resize asked of it. */
function frame(index: number, log: string[]): Frame {
  return {
    index,
    width: 800,
    height: 600,
    resize: async (width, height, sampling, background) => {
      log.push(`frame ${index} at ${width}x${height} ${sampling}${background ? ` ${background}` : ''}`);
      return { width, height, data: new Uint8ClampedArray(width * height * 4).fill(index) };
    },
  };
}

/** A stand-in analyzer that records what it saw, and finds `found(frame index)`. */
function fake<E>(name: string, log: string[], input: Analyzer['input'], found: (pixels: RgbaImage, frame: Frame, seen: Readonly<Record<string, unknown>>) => { evidence: E; context?: unknown }, severity?: (evidence: E) => number): Analyzer<E> {
  return {
    input,
    analyze: async (pixels, at, seen) => {
      log.push(`${name} on frame ${at.index}`);
      return found(pixels, at, seen);
    },
    ...(severity ? { severity } : {}),
    dispose: () => undefined,
  };
}

describe('analyzeFrames, through the contract alone (stand-in analyzers, no model)', () => {
  it('NSFW scores every frame and the worst decides; faces, objects and quality see that frame; text the first', async () => {
    const log: string[] = [];
    const frames = [frame(0, log), frame(3, log), frame(6, log)];
    // Frame 3 is the worst for the stand-in NSFW analyzer.
    const nsfw = fake('nsfw', log, squareInput(224, 'nearest'), (_pixels, at) => ({ evidence: { score: at.index === 3 ? 0.9 : 0.1, frame: at.index } }), (evidence) => evidence.score);
    const objects = fake('objects', log, squareInput(512, 'smooth'), (_pixels, at) => ({ evidence: { items: [] }, context: `animals of frame ${at.index}` }));
    const faces = fake('faces', log, fitInput(1024, 'smooth'), (_pixels, at, seen) => ({ evidence: { frame: at.index, seen } }));
    const quality = fake('quality', log, fitInput(512, 'smooth'), (pixels, at) => ({ evidence: { measuredAt: pixels.width, of: at.width } }));
    const text = fake('text', log, { size: () => ({ width: 1000, height: 750 }), sampling: 'smooth', background: 'transparent' }, (_pixels, at) => ({ evidence: { frame: at.index } }));
    const analyzers = { nsfw, objects, faces, quality, text } as unknown as LoadedAnalyzers;
    const { timings, time } = stageTimer();

    const evidence = await analyzeFrames(frames, analyzers, time, (released) => log.push(`frame ${released.index} released`));

    expect(evidence).toEqual({
      nsfw: { score: 0.9, frame: 3 },
      objects: { items: [] },
      faces: { frame: 3, seen: { objects: 'animals of frame 3' } },
      quality: { measuredAt: 512, of: 800 },
      text: { frame: 0 },
    });
    // Each analyzer's input, as its loader asked; text started first, objects before the faces that use it.
    expect(log).toEqual([
      'frame 0 at 1000x750 smooth transparent',
      'frame 0 at 224x224 nearest',
      'text on frame 0',
      'nsfw on frame 0',
      'frame 3 at 224x224 nearest',
      'nsfw on frame 3',
      'frame 6 at 224x224 nearest',
      'nsfw on frame 6',
      // Frame 6 is neither the first (text's) nor the decisive one: freed before the other analyzers run.
      'frame 6 released',
      'frame 3 at 512x512 smooth',
      'objects on frame 3',
      'frame 3 at 800x600 smooth',
      'faces on frame 3',
      'frame 3 at 512x384 smooth',
      'quality on frame 3',
    ]);
    expect(Object.keys(timings).sort()).toEqual(['facesMs', 'nsfwMs', 'objectsMs', 'qualityMs', 'textMs']);
  });

  it('with NSFW and objects off, the first frame decides and faces run without a context; the others are null', async () => {
    const log: string[] = [];
    const faces = fake('faces', log, fitInput(1024, 'smooth'), (_pixels, at, seen) => ({ evidence: { frame: at.index, seen } }));
    const evidence = await analyzeFrames([frame(2, log), frame(5, log)], { faces } as unknown as LoadedAnalyzers, stageTimer().time);
    expect(evidence).toEqual({ nsfw: null, faces: { frame: 2, seen: {} }, objects: null, text: null, quality: null });
  });

  it("an analyzer's gate settles it from cheap signals, before its full-size input is made; null runs it as usual", async () => {
    const log: string[] = [];
    const objects = fake('objects', log, squareInput(512, 'smooth'), () => ({ evidence: { items: [] }, context: { people: 0 } }));
    const gated = (name: string, input: Analyzer['input'], open: boolean): Analyzer => ({
      ...fake(name, log, input, () => ({ evidence: { ran: true } })),
      gate: async (at, seen) => {
        // A small look at the frame, and what the analyzers it uses found.
        await at.resize(64, 48, 'smooth');
        log.push(`${name} gate saw ${JSON.stringify(seen)}`);
        return open ? null : { evidence: { ran: false } };
      },
    });
    const faces = gated('faces', fitInput(1024, 'smooth'), false);
    const quality = gated('quality', fitInput(512, 'smooth'), true);
    const analyzers = { objects, faces, quality } as unknown as LoadedAnalyzers;
    const evidence = await analyzeFrames([frame(0, log)], analyzers, stageTimer().time);
    expect(evidence).toMatchObject({ objects: { items: [] }, faces: { ran: false }, quality: { ran: true } });
    expect(log).toEqual([
      'frame 0 at 512x512 smooth',
      'objects on frame 0',
      'frame 0 at 64x48 smooth',
      'faces gate saw {"objects":{"people":0}}',
      'frame 0 at 64x48 smooth',
      'quality gate saw {}',
      'frame 0 at 512x384 smooth',
      'quality on frame 0',
    ]);
  });

  it('an analyzer that looks again does so on the decisive frame once those it names have run, with their contexts', async () => {
    const log: string[] = [];
    const frames = [frame(0, log), frame(4, log)];
    const nsfw: Analyzer = {
      ...fake('nsfw', log, squareInput(224, 'nearest'), (_pixels, at) => ({ evidence: { score: at.index === 4 ? 0.3 : 0.1, passes: 1 } }), (evidence: { score: number }) => evidence.score),
      lookAgain: async (evidence, at, seen) => {
        log.push(`nsfw looks again at frame ${at.index} with ${JSON.stringify(seen)}`);
        return { ...(evidence as object), passes: 2 };
      },
    };
    const objects = fake('objects', log, squareInput(512, 'smooth'), (_pixels, at) => ({ evidence: { items: [] }, context: { persons: [at.index] } }));
    const faces = fake('faces', log, fitInput(1024, 'smooth'), () => ({ evidence: { items: [] }, context: { boxes: [] } }));
    // Text names nothing for a second look, and its own-thread context would never be read by one.
    const text = fake('text', log, fitInput(640, 'smooth'), () => ({ evidence: { words: 0 }, context: { lines: 1 } }));
    const { timings, time } = stageTimer();
    const evidence = await analyzeFrames(frames, { nsfw, objects, faces, text } as unknown as LoadedAnalyzers, time);
    expect(evidence).toMatchObject({ nsfw: { score: 0.3, passes: 2 } });
    expect(log.filter((line) => !line.startsWith('frame '))).toEqual([
      'text on frame 0',
      'nsfw on frame 0',
      'nsfw on frame 4',
      'objects on frame 4',
      'faces on frame 4',
      'nsfw looks again at frame 4 with {"objects":{"persons":[4]},"faces":{"boxes":[]}}',
    ]);
    expect(timings['nsfwMs']).toBeGreaterThan(0);

    // With neither objects nor faces on, the second look still comes (NSFW's turns), with no context.
    const alone: string[] = [];
    const again = await analyzeFrames([frame(0, alone)], { nsfw: { ...nsfw, analyze: async () => ({ evidence: { score: 0, passes: 1 } }) } } as unknown as LoadedAnalyzers, stageTimer().time);
    expect(again).toMatchObject({ nsfw: { passes: 2 } });
    expect(log.at(-1)).toBe('nsfw looks again at frame 0 with {}');
  });

  it("an analyzer's failure fails the image", async () => {
    const log: string[] = [];
    const objects = fake('objects', log, squareInput(512, 'smooth'), () => {
      throw new Error('CenterNet broke');
    });
    await expect(analyzeFrames([frame(0, log)], { objects } as unknown as LoadedAnalyzers, stageTimer().time)).rejects.toThrow('CenterNet broke');
  });
});
