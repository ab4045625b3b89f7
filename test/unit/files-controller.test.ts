import { describe, expect, it } from 'vitest';
import { resolveObjectURL } from 'node:buffer';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ImageGuardError } from '../../src/errors.js';
import type { ImageGuard, PolicyInput, Verdict } from '../../src/index.js';
import type { ImageGuardErrorEvent, ImageGuardProgressEvent, ImageGuardVerdictEvent } from '../../src/element/events.js';
import type { DecideHook } from '../../src/element/file-state.js';
import { FilesController } from '../../src/element/files-controller.js';
import { defaultStrings } from '../../src/element/strings.js';
import { photo, rejectExplicit, verdict } from './element-verdicts.js';

// The files controller in Node: its host is an EventTarget with Lit's controller hooks, its guard a fake whose
// calls the test settles by hand, so a check can finish after it was aborted (as a worker that goes on analysing
// does). The verdicts are real ones, built under the policy each call was given.

interface Call {
  name: string;
  policy: PolicyInput | undefined;
  signal: AbortSignal;
  /** Settles with the verdict the call's policy gives the fixed evidence. */
  pass(): void;
  fail(error: unknown): void;
}

class FakeHost extends EventTarget implements ReactiveControllerHost {
  isConnected = true;
  readonly controllers: ReactiveController[] = [];
  readonly events: string[] = [];
  updates = 0;
  readonly updateComplete = Promise.resolve(true);

  constructor() {
    super();
    const record = (event: Event) => {
      const { detail } = event as ImageGuardVerdictEvent | ImageGuardErrorEvent | ImageGuardProgressEvent;
      // Model-loading progress names model files (strings); the element's own events carry the chosen File.
      if ('file' in detail && detail.file instanceof File) this.events.push(`${event.type} ${detail.file.name}`);
    };
    for (const type of ['image-guard-verdict', 'image-guard-error', 'image-guard-progress']) this.addEventListener(type, record);
  }

  addController(controller: ReactiveController): void {
    this.controllers.push(controller);
  }

  removeController(): void {}

  requestUpdate(): void {
    this.updates++;
  }
}

function setUp(options: { policy?: PolicyInput; decide?: DecideHook } = {}) {
  const host = new FakeHost();
  const calls: Call[] = [];
  const announced: string[] = [];
  const settings = { ...options };
  const guard = {
    moderate: (file: File, call: { signal: AbortSignal; policy?: PolicyInput }) =>
      new Promise<Verdict>((resolve, reject) => {
        calls.push({
          name: file.name,
          policy: call.policy,
          signal: call.signal,
          pass: () => resolve(verdict(call.policy)),
          fail: reject,
        });
      }),
  };
  const files = new FilesController(host as unknown as ReactiveControllerHost & HTMLElement, {
    guard: async () => guard as unknown as ImageGuard,
    policy: () => settings.policy,
    decide: () => settings.decide,
    strings: () => defaultStrings,
    announce: (text) => announced.push(text),
  });
  const states = () => files.results.map((result) => `${result.file.name} ${result.state}`);
  return { host, files, calls, announced, settings, states };
}

/** Lets the guard promise and the controller's awaits run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the files controller', () => {
  it('registers with its host', () => {
    const { host, files } = setUp();
    expect(host.controllers).toEqual([files]);
  });

  it('checks each added file once, with the element’s policy, announcing and firing as it goes', async () => {
    const { host, files, calls, announced, states } = setUp({ policy: rejectExplicit });
    files.add([photo('a.jpg'), photo('b.jpg')]);
    await settle();
    expect(calls.map((call) => [call.name, call.policy])).toEqual([
      ['a.jpg', rejectExplicit],
      ['b.jpg', rejectExplicit],
    ]);
    expect(states()).toEqual(['a.jpg checking', 'b.jpg checking']);
    expect(host.events).toEqual(['image-guard-progress a.jpg', 'image-guard-progress b.jpg']);

    calls[1]!.pass();
    calls[0]!.pass();
    await settle();
    expect(states()).toEqual(['a.jpg blocked', 'b.jpg blocked']);
    expect(host.events.slice(2)).toEqual(['image-guard-verdict b.jpg', 'image-guard-verdict a.jpg']);
    expect(announced).toEqual(['Checking “a.jpg”…', 'Checking “b.jpg”…', '“b.jpg”: Blocked.', '“a.jpg”: Blocked.']);
    expect(host.updates).toBeGreaterThan(0);
  });

  it('a check that fails settles its file as error and fires image-guard-error; anything untyped becomes analysis_failed', async () => {
    const { host, files, calls } = setUp();
    files.add([photo('notes.png'), photo('odd.jpg')]);
    await settle();
    calls[0]!.fail(new ImageGuardError('unsupported_format', 'Not an image.'));
    calls[1]!.fail(new TypeError('boom'));
    await settle();
    expect(files.results.map((result) => (result.state === 'error' ? result.error.code : result.state))).toEqual([
      'unsupported_format',
      'analysis_failed',
    ]);
    expect(host.events.slice(2)).toEqual(['image-guard-error notes.png', 'image-guard-error odd.jpg']);
  });

  it('removing a file during its check aborts it; the late verdict fires nothing and the preview is revoked', async () => {
    const { host, files, calls, states } = setUp();
    files.add([photo('a.jpg'), photo('b.jpg')]);
    await settle();
    const [a] = files.entries;
    const preview = files.preview(a!)!;
    expect(resolveObjectURL(preview)).toBeDefined();
    files.remove(a!);
    expect(calls[0]!.signal.aborted).toBe(true);
    expect(calls[1]!.signal.aborted).toBe(false);
    expect(resolveObjectURL(preview)).toBeUndefined();

    calls[0]!.pass();
    calls[1]!.pass();
    await settle();
    expect(states()).toEqual(['b.jpg passed']);
    expect(host.events.filter((event) => event.startsWith('image-guard-verdict'))).toEqual(['image-guard-verdict b.jpg']);
  });

  it('checking again aborts the check in flight; its late verdict and its abort error are both ignored', async () => {
    const { host, files, calls, states } = setUp();
    files.add([photo('a.jpg')]);
    await settle();
    files.recheckAll();
    await settle();
    expect(calls.map((call) => call.signal.aborted)).toEqual([true, false]);

    calls[0]!.pass();
    calls[0]!.fail(new ImageGuardError('aborted', 'The check was cancelled before it finished.'));
    await settle();
    expect(states()).toEqual(['a.jpg checking']);
    expect(host.events).toEqual(['image-guard-progress a.jpg', 'image-guard-progress a.jpg']);

    calls[1]!.pass();
    await settle();
    expect(states()).toEqual(['a.jpg passed']);
    expect(host.events.at(-1)).toBe('image-guard-verdict a.jpg');
  });

  it('leaving the page aborts every check and revokes the previews; coming back checks the unfinished files again', async () => {
    const { host, files, calls, states } = setUp();
    files.add([photo('done.jpg'), photo('open.jpg')]);
    await settle();
    calls[0]!.pass();
    await settle();
    const previews = files.entries.map((entry) => files.preview(entry)!);

    host.isConnected = false;
    files.hostDisconnected();
    expect(calls[1]!.signal.aborted).toBe(true);
    expect(files.entries.map((entry) => files.preview(entry))).toEqual([null, null]);
    expect(previews.map((url) => resolveObjectURL(url))).toEqual([undefined, undefined]);
    calls[1]!.pass();
    await settle();
    expect(states()).toEqual(['done.jpg passed', 'open.jpg checking']);

    host.isConnected = true;
    files.hostConnected();
    await settle();
    // Only the unfinished file is checked again; the verdict of the other stands.
    expect(calls.map((call) => call.name)).toEqual(['done.jpg', 'open.jpg', 'open.jpg']);
    expect(files.entries.every((entry) => files.preview(entry)?.startsWith('blob:'))).toBe(true);
    calls[2]!.pass();
    await settle();
    expect(states()).toEqual(['done.jpg passed', 'open.jpg passed']);
  });

  it('a new policy judges the verdicts again without a check, fires them again, and checks the rest again', async () => {
    const { host, files, calls, settings, states } = setUp();
    files.add([photo('judged.jpg'), photo('failed.jpg')]);
    await settle();
    calls[0]!.pass();
    calls[1]!.fail(new ImageGuardError('decode_failed', 'Could not decode.'));
    await settle();
    const before = host.events.length;

    settings.policy = rejectExplicit;
    files.applyPolicy();
    await settle();
    expect(states()).toEqual(['judged.jpg blocked', 'failed.jpg checking']);
    expect(calls.map((call) => [call.name, call.policy])).toEqual([
      ['judged.jpg', undefined],
      ['failed.jpg', undefined],
      ['failed.jpg', rejectExplicit],
    ]);
    expect(host.events.slice(before)).toEqual(['image-guard-verdict judged.jpg', 'image-guard-progress failed.jpg']);
    const judged = files.results[0];
    expect(judged?.state === 'blocked' && judged.verdict.analysis.policy.name).toBe('custom');
  });

  it('a new decide hook judges the same verdicts again', async () => {
    const { files, calls, settings, states } = setUp({ policy: rejectExplicit });
    files.add([photo('a.jpg')]);
    await settle();
    calls[0]!.pass();
    await settle();
    expect(states()).toEqual(['a.jpg blocked']);
    settings.decide = (given) => (given.suggestedActions.reject ? 'review' : 'passed');
    files.rejudgeAll();
    expect(states()).toEqual(['a.jpg review']);
    expect(calls).toHaveLength(1);
  });

  it('mirroring a slotted input keeps the verdicts of files still there, checks new ones and aborts dropped ones', async () => {
    const { files, calls, states } = setUp();
    const [a, b, c] = [photo('a.jpg'), photo('b.jpg'), photo('c.jpg')];
    files.mirror([a, b]);
    await settle();
    calls[0]!.pass();
    await settle();
    files.mirror([c, a]);
    await settle();
    expect(calls.map((call) => call.name)).toEqual(['a.jpg', 'b.jpg', 'c.jpg']);
    expect(calls[1]!.signal.aborted).toBe(true);
    expect(states()).toEqual(['c.jpg checking', 'a.jpg passed']);
  });

  it('reveals a flagged file, and clearing empties the list and aborts what is in flight', async () => {
    const { files, calls } = setUp({ policy: rejectExplicit });
    files.add([photo('a.jpg'), photo('b.jpg')]);
    await settle();
    calls[0]!.pass();
    await settle();
    files.toggleReveal(files.entries[0]!);
    expect(files.entries.map((entry) => entry.revealed)).toEqual([true, false]);
    files.clear();
    expect(files.results).toEqual([]);
    expect(calls[1]!.signal.aborted).toBe(true);
  });
});
