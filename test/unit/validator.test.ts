import { describe, expect, it } from 'vitest';
import { ImageGuardError, abortError } from '../../src/errors.js';
import type { ImageGuard, ModerateOptions, ModerationInput } from '../../src/options.js';
import type { Flag, Verdict } from '../../src/verdict/types.js';
import { createValidator } from '../../src/validator.js';

// createValidator on a stand-in guard: what it decides and says for each verdict, and its lifecycle. The real guard
// behind it runs in test/browser/widgets.spec.ts.

function flag(action: Flag['action'], reason: string): Flag {
  return { signal: 'suggestive', action, score: 0.9, threshold: 0.5, reason } as Flag;
}

function verdict(actions: { reject: boolean; review: boolean }, flags: Flag[] = []): Verdict {
  return { suggestedActions: actions, hash: 'abc', analysis: { flags } } as unknown as Verdict;
}

const clean = verdict({ reject: false, review: false });
const suggestive = verdict({ reject: true, review: false }, [flag('reject', 'Looks sexually suggestive (95%).'), flag('review', 'Shows a phone number.')]);
const phone = verdict({ reject: false, review: true }, [flag('review', 'Shows a phone number.')]);

/** A guard whose moderate answers from `answer`, recording each call's options; abortable like the real one. */
function fakeGuard(answer: (input: ModerationInput) => Verdict | ImageGuardError | 'never') {
  const calls: ModerateOptions[] = [];
  let disposed = false;
  const guard = {
    get disposed() {
      return disposed;
    },
    dispose: () => {
      disposed = true;
    },
    moderate: (input: ModerationInput, options: ModerateOptions = {}) => {
      calls.push(options);
      const result = answer(input);
      if (result === 'never') {
        return new Promise((_, reject) => options.signal?.addEventListener('abort', () => reject(abortError())));
      }
      return result instanceof ImageGuardError ? Promise.reject(result) : Promise.resolve(result);
    },
  } as unknown as ImageGuard;
  return { guard, calls };
}

describe('createValidator', () => {
  it('lets a clean image through, with its verdict and the clean message', async () => {
    const { guard } = fakeGuard(() => clean);
    await expect(createValidator({ guard })(new Blob(['x']))).resolves.toEqual({
      ok: true,
      state: 'passed',
      verdict: clean,
      error: null,
      message: 'Nothing of concern found.',
    });
  });

  it("stops a blocked image and says why, with the reject reasons only", async () => {
    const { guard } = fakeGuard(() => suggestive);
    const result = await createValidator({ guard })(new Blob(['x']));
    expect(result).toMatchObject({ ok: false, state: 'blocked', verdict: suggestive, error: null });
    expect(result.message).toBe('This image can’t be uploaded: Looks sexually suggestive (95%).');
  });

  it('marks an image for review by default, and holds it with review: hold', async () => {
    const { guard } = fakeGuard(() => phone);
    const marked = await createValidator({ guard })(new Blob(['x']));
    expect(marked).toMatchObject({ ok: true, state: 'review', verdict: phone });
    expect(marked.message).toBe('Shows a phone number. It can be uploaded; a person may look at it first.');
    const held = await createValidator({ guard, review: 'hold' })(new Blob(['x']));
    expect(held).toMatchObject({ ok: false, state: 'review', verdict: phone });
    expect(held.message).toMatch(/^This image has to be looked at by a person before it can be uploaded: Shows a phone number\.$/);
  });

  it("resolves a file that cannot be checked as an error with the library's message", async () => {
    const failure = new ImageGuardError('unsupported_format', 'This file is a PDF document. Export the page as a JPEG or PNG image.');
    const { guard } = fakeGuard(() => failure);
    await expect(createValidator({ guard })(new Blob(['%PDF-']))).resolves.toEqual({
      ok: false,
      state: 'error',
      verdict: null,
      error: failure,
      message: failure.message,
    });
  });

  it('speaks the page language: every message can be replaced, and the phrases are checked up front', async () => {
    const { guard } = fakeGuard(() => suggestive);
    const validate = createValidator({ guard, strings: { blocked: (reasons) => `Dieses Bild kann nicht hochgeladen werden: ${reasons}` } });
    expect((await validate(new Blob(['x']))).message).toBe('Dieses Bild kann nicht hochgeladen werden: Looks sexually suggestive (95%).');
    expect(() => createValidator({ guard, phrases: { noSuchPhrase: 'x' } as never })).toThrow(expect.objectContaining({ code: 'invalid_options' }));
  });

  it("checks with a given guard under the validator's policy, per call, and passes meta and actorId", async () => {
    const { guard, calls } = fakeGuard(() => clean);
    await createValidator({ guard, policy: 'strict' })(new Blob(['x']), { meta: { form: 'avatar' }, actorId: 'u1' });
    expect(calls).toEqual([{ signal: undefined, policy: 'strict', meta: { form: 'avatar' }, actorId: 'u1' }]);
  });

  it('rejects with aborted when the signal aborts, before or during the check', async () => {
    const { guard } = fakeGuard(() => 'never');
    const validate = createValidator({ guard });
    await expect(validate(new Blob(['x']), { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'aborted' });
    const controller = new AbortController();
    const pending = validate(new Blob(['x']), { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
  });

  it('once disposed, rejects with disposed, and leaves a guard it was given alone', async () => {
    const { guard } = fakeGuard(() => clean);
    const validate = createValidator({ guard });
    validate.dispose();
    validate.dispose();
    expect(validate.disposed).toBe(true);
    await expect(validate(new Blob(['x']))).rejects.toMatchObject({ code: 'disposed' });
    expect(guard.disposed).toBe(false);
  });

  it('refuses an unknown review handling up front', () => {
    expect(() => createValidator({ review: 'ask' as never })).toThrow(expect.objectContaining({ code: 'invalid_options' }));
  });
});
