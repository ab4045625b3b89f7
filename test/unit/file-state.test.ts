import { describe, expect, it, vi } from 'vitest';
import { ImageGuardError } from '../../src/errors.js';
import type { Verdict } from '../../src/verdict/types.js';
import {
  asGuardError,
  checkAborted,
  checkStarted,
  chosen,
  errorArrived,
  fileView,
  formValidity,
  judge,
  mayUpload,
  mirrored,
  needsCheck,
  reasonText,
  rejudged,
  removed,
  revealToggled,
  suggestedState,
  uploadableFiles,
  verdictArrived,
} from '../../src/element/file-state.js';
import type { FileEntry, FormRules, ImageGuardFileResult } from '../../src/element/file-state.js';
import { defaultStrings as strings } from '../../src/element/strings.js';
import { face, photo, rejectAndReview, rejectExplicit, reviewExplicit, verdict } from './element-verdicts.js';

// <image-guard>'s per-file state machine, the form's validity and the words on screen, as pure functions in Node:
// no DOM, no guard, no model. The verdicts are real ones, built from evidence by the verdict code.

const passedVerdict = verdict();
const blockedVerdict = verdict(rejectExplicit);
const reviewVerdict = verdict(reviewExplicit);
const failure = new ImageGuardError('unsupported_format', 'This file is not an image the guard can read.');

/** An entry that went through one check, settled with `outcome`. */
function settled(outcome: Verdict | ImageGuardError, file = photo(), id = 0): FileEntry {
  const started = checkStarted(chosen(id, file), 1);
  return outcome instanceof ImageGuardError ? errorArrived(started, 1, outcome) : verdictArrived(started, 1, outcome);
}

function results(...outcomes: (Verdict | ImageGuardError | 'checking')[]): ImageGuardFileResult[] {
  return outcomes.map((outcome, index) => {
    const file = photo(`${index}.jpg`);
    return outcome === 'checking' ? chosen(index, file).result : settled(outcome, file, index).result;
  });
}

const lenient: FormRules = { blockReview: false, required: false };

describe('the per-file transitions', () => {
  it('a chosen file is checking, unrevealed, and waits for a check to start', () => {
    const file = photo();
    const entry = chosen(7, file);
    expect(entry).toEqual({ id: 7, result: { file, state: 'checking' }, revealed: false, check: null });
    expect(needsCheck(entry)).toBe(true);
  });

  it('starting a check makes the file unchecked again and blurs a revealed preview', () => {
    const revealed = revealToggled(settled(blockedVerdict));
    expect(revealed.revealed).toBe(true);
    const again = checkStarted(revealed, 2);
    expect(again).toEqual({ id: revealed.id, result: { file: revealed.result.file, state: 'checking' }, revealed: false, check: 2 });
    expect(needsCheck(again)).toBe(false);
  });

  it.each([
    ['passed', passedVerdict],
    ['review', reviewVerdict],
    ['blocked', blockedVerdict],
  ] as const)('a verdict for the awaited check settles the file as %s', (state, given) => {
    const started = checkStarted(chosen(0, photo()), 3);
    const entry = verdictArrived(started, 3, given);
    expect(entry.result).toEqual({ file: started.result.file, state, verdict: given });
    expect(entry.check).toBeNull();
    expect(needsCheck(entry)).toBe(false);
  });

  it('the page’s decide hook has the last word, and is asked with the verdict and the file', () => {
    const started = checkStarted(chosen(0, photo()), 1);
    const decide = vi.fn(() => 'review' as const);
    const entry = verdictArrived(started, 1, blockedVerdict, decide);
    expect(entry.result.state).toBe('review');
    expect(decide).toHaveBeenCalledWith(blockedVerdict, started.result.file);
  });

  it('an error for the awaited check settles the file as error, typed', () => {
    const started = checkStarted(chosen(0, photo()), 1);
    const entry = errorArrived(started, 1, failure);
    expect(entry.result).toEqual({ file: started.result.file, state: 'error', error: failure });
    expect(entry.check).toBeNull();
  });

  it('a result from a check that was superseded changes nothing (the same entry comes back)', () => {
    const first = checkStarted(chosen(0, photo()), 1);
    const second = checkStarted(first, 2);
    expect(verdictArrived(second, 1, blockedVerdict)).toBe(second);
    // The superseded check's own abort error is stale too.
    expect(errorArrived(second, 1, new ImageGuardError('aborted', 'The check was cancelled.'))).toBe(second);
    expect(verdictArrived(second, 2, passedVerdict).result.state).toBe('passed');
  });

  it('an aborted check leaves the file checking with nothing in flight, and its late result is stale', () => {
    const started = checkStarted(chosen(0, photo()), 4);
    const aborted = checkAborted(started);
    expect(aborted.result.state).toBe('checking');
    expect(aborted.check).toBeNull();
    expect(needsCheck(aborted)).toBe(true);
    expect(verdictArrived(aborted, 4, passedVerdict)).toBe(aborted);
    expect(errorArrived(aborted, 4, failure)).toBe(aborted);
    // Nothing in flight: nothing to abort.
    const done = settled(passedVerdict);
    expect(checkAborted(done)).toBe(done);
    expect(needsCheck(done)).toBe(false);
  });

  it('a late result for a file that was settled since is stale', () => {
    const done = settled(passedVerdict);
    expect(verdictArrived(done, 1, blockedVerdict)).toBe(done);
  });

  it('judging again changes the state from a verdict, and leaves files without one alone', () => {
    const done = settled(passedVerdict);
    expect(rejudged(done, blockedVerdict).result).toEqual({ file: done.result.file, state: 'blocked', verdict: blockedVerdict });
    expect(rejudged(done, passedVerdict, () => 'blocked').result.state).toBe('blocked');
    const checking = checkStarted(chosen(1, photo()), 1);
    expect(rejudged(checking, blockedVerdict)).toBe(checking);
    const failed = settled(failure);
    expect(rejudged(failed, blockedVerdict)).toBe(failed);
  });

  it('only a flagged file can be revealed, and toggled back', () => {
    for (const flagged of [settled(blockedVerdict), settled(reviewVerdict)]) {
      const shown = revealToggled(flagged);
      expect(shown.revealed).toBe(true);
      expect(revealToggled(shown).revealed).toBe(false);
    }
    for (const unflagged of [settled(passedVerdict), settled(failure), chosen(0, photo())]) {
      expect(revealToggled(unflagged)).toBe(unflagged);
    }
  });

  it('removing takes out one file by id and keeps the others as they were', () => {
    const list = [settled(passedVerdict, photo('a.jpg'), 0), settled(blockedVerdict, photo('b.jpg'), 1), chosen(2, photo('c.jpg'))];
    expect(removed(list, 1)).toEqual([list[0], list[2]]);
    expect(removed(list, 9)).toEqual(list);
  });

  it('mirroring a file list keeps the entries of files already chosen, in the list’s order, and adds the rest', () => {
    const a = photo('a.jpg');
    const b = photo('b.jpg');
    const c = photo('c.jpg');
    const entryA = settled(passedVerdict, a, 0);
    const entryB = settled(blockedVerdict, b, 1);
    const { entries, added, dropped } = mirrored([entryA, entryB], [c, a], 5);
    expect(entries).toEqual([chosen(5, c), entryA]);
    expect(entries[1]).toBe(entryA);
    expect(added).toEqual([chosen(5, c)]);
    expect(dropped).toEqual([entryB]);
    // A file with the same name and bytes is another file: identity, not content, says what was chosen.
    expect(mirrored([entryA], [photo('a.jpg')], 6).added).toHaveLength(1);
    expect(mirrored([entryA, entryB], [], 0)).toEqual({ entries: [], added: [], dropped: [entryA, entryB] });
  });
});

describe('judging a verdict', () => {
  it('follows the suggested actions: reject blocks, review asks for review, nothing passes', () => {
    expect(suggestedState(passedVerdict)).toBe('passed');
    expect(suggestedState(reviewVerdict)).toBe('review');
    expect(suggestedState(blockedVerdict)).toBe('blocked');
    expect(suggestedState(verdict(rejectAndReview, [], true))).toBe('blocked');
    const file = photo();
    expect(judge(file, blockedVerdict, () => 'passed')).toEqual({ file, state: 'passed', verdict: blockedVerdict });
  });

  it('keeps an ImageGuardError and wraps anything else as analysis_failed, with the cause', () => {
    expect(asGuardError(failure)).toBe(failure);
    const cause = new TypeError('x is undefined');
    const wrapped = asGuardError(cause);
    expect(wrapped).toBeInstanceOf(ImageGuardError);
    expect(wrapped.code).toBe('analysis_failed');
    expect(wrapped.message).toBe('Something went wrong while checking this image.');
    expect(wrapped.cause).toBe(cause);
    expect(errorArrived(checkStarted(chosen(0, photo()), 1), 1, 'a string').result).toMatchObject({
      state: 'error',
      error: { code: 'analysis_failed' },
    });
  });
});

describe('the form’s validity', () => {
  const reasonsOf = (given: Verdict, action: 'reject' | 'review') =>
    given.analysis.flags.filter((flag) => flag.action === action).map((flag) => flag.reason).join(' ');

  it('no files: valid, unless required', () => {
    expect(formValidity([], lenient, strings)).toEqual({ message: '', flags: {}, shown: false });
    expect(formValidity([], { ...lenient, required: true }, strings)).toEqual({
      message: 'Choose at least one image.',
      flags: { valueMissing: true },
      shown: true,
    });
  });

  it('files that passed: valid, and they satisfy required', () => {
    const passed = results(passedVerdict, passedVerdict);
    expect(formValidity(passed, lenient, strings)).toEqual({ message: '', flags: {}, shown: false });
    expect(formValidity(passed, { ...lenient, required: true }, strings).message).toBe('');
  });

  it('one file still being checked stops the form, without showing a problem yet', () => {
    expect(formValidity(results(passedVerdict, 'checking'), lenient, strings)).toEqual({
      message: '“1.jpg” is still being checked.',
      flags: { customError: true },
      shown: false,
    });
  });

  it('one blocked file stops the form, named with its reject reasons only', () => {
    const both = verdict(rejectAndReview, [], true);
    const reject = reasonsOf(both, 'reject');
    expect(reject).not.toBe('');
    expect(reasonsOf(both, 'review')).not.toBe('');
    expect(formValidity(results(passedVerdict, both, passedVerdict), lenient, strings)).toEqual({
      message: `“1.jpg” can’t be uploaded: ${reject}`,
      flags: { customError: true },
      shown: true,
    });
  });

  it('the first file that cannot be uploaded is named before one still being checked, but not shown while one is', () => {
    const validity = formValidity(results('checking', blockedVerdict, failure), lenient, strings);
    expect(validity.message).toBe(`“1.jpg” can’t be uploaded: ${reasonsOf(blockedVerdict, 'reject')}`);
    expect(validity.shown).toBe(false);
  });

  it('a file that could not be checked stops the form, with the error’s message', () => {
    expect(formValidity(results(failure), lenient, strings)).toEqual({
      message: `“0.jpg” can’t be uploaded: ${failure.message}`,
      flags: { customError: true },
      shown: true,
    });
  });

  it('review passes by default, and stops the form under block-review with its review reasons', () => {
    const review = results(reviewVerdict);
    expect(formValidity(review, lenient, strings).message).toBe('');
    expect(formValidity(review, { ...lenient, required: true }, strings).message).toBe('');
    expect(formValidity(review, { ...lenient, blockReview: true }, strings)).toEqual({
      message: `“0.jpg” can’t be uploaded: ${reasonsOf(reviewVerdict, 'review')}`,
      flags: { customError: true },
      shown: true,
    });
    // Required and nothing that may be uploaded: the value is missing, whatever the message says.
    expect(formValidity(review, { blockReview: true, required: true }, strings).flags).toEqual({ valueMissing: true });
  });

  it('a file blocked by the decide hook alone, with no reject reason, is named with the state', () => {
    const blockedByPage = [judge(photo('mine.jpg'), passedVerdict, () => 'blocked')];
    expect(formValidity(blockedByPage, lenient, strings).message).toBe('“mine.jpg” can’t be uploaded: Blocked');
    const reviewedByPage = [judge(photo('mine.jpg'), passedVerdict, () => 'review')];
    expect(formValidity(reviewedByPage, { ...lenient, blockReview: true }, strings).message).toBe(
      '“mine.jpg” can’t be uploaded: Needs review',
    );
  });

  it('speaks the page’s words', () => {
    const german = { ...strings, stillChecking: (name: string) => `„${name}“ wird noch geprüft.`, required: 'Bitte ein Bild wählen.' };
    expect(formValidity(results('checking'), lenient, german).message).toBe('„0.jpg“ wird noch geprüft.');
    expect(formValidity([], { ...lenient, required: true }, german).message).toBe('Bitte ein Bild wählen.');
  });

  it('submits the files that passed, and those that need review unless block-review', () => {
    const list = results(passedVerdict, reviewVerdict, blockedVerdict, failure, 'checking', passedVerdict);
    expect(uploadableFiles(list, lenient).map((file) => file.name)).toEqual(['0.jpg', '1.jpg', '5.jpg']);
    expect(uploadableFiles(list, { blockReview: true }).map((file) => file.name)).toEqual(['0.jpg', '5.jpg']);
    expect(list.map((result) => mayUpload(result, lenient))).toEqual([true, true, false, false, false, true]);
  });
});

describe('one file on screen', () => {
  it('while checking: blurred, labelled, no reason and nothing to reveal', () => {
    const view = fileView(checkStarted(chosen(0, photo('a.jpg')), 1), strings);
    expect(view).toEqual({
      name: 'a.jpg',
      state: 'checking',
      label: 'Checking…',
      reason: '',
      alert: false,
      note: '',
      preview: true,
      blurred: true,
      reveal: null,
      removeLabel: 'Remove a.jpg',
    });
  });

  it('passed: shown as it is, with the clean reason', () => {
    const view = fileView(settled(passedVerdict, photo('a.jpg')), strings);
    expect(view).toMatchObject({ label: 'Passed', reason: 'Nothing of concern found.', blurred: false, reveal: null, note: '' });
  });

  it('blocked: blurred until the person chooses Show, then Hide blurs it again', () => {
    const blocked = settled(blockedVerdict, photo('a.jpg'));
    expect(fileView(blocked, strings)).toMatchObject({
      label: 'Blocked',
      blurred: true,
      reveal: { text: 'Show', label: 'Show a.jpg' },
      reason: allReasons(blockedVerdict),
    });
    const shown = revealToggled(blocked);
    expect(fileView(shown, strings)).toMatchObject({ blurred: false, reveal: { text: 'Hide', label: 'Hide a.jpg' } });
    expect(fileView(revealToggled(shown), strings).blurred).toBe(true);
  });

  it('needs review: blurred and revealable too, with the review note', () => {
    expect(fileView(settled(reviewVerdict), strings)).toMatchObject({
      label: 'Needs review',
      blurred: true,
      reveal: { text: 'Show' },
      note: 'You can upload it; a person may look at it first.',
    });
  });

  it('could not check: no preview, the error as an alert', () => {
    expect(fileView(settled(failure, photo('notes.png')), strings)).toMatchObject({
      label: 'Could not check',
      reason: failure.message,
      alert: true,
      preview: false,
      blurred: false,
      reveal: null,
    });
  });

  it('reject reasons come before review reasons, then who is in the picture', () => {
    const both = verdict(rejectAndReview, [face([24, 40]), face([8, 20])], true);
    const reject = both.analysis.flags.filter((flag) => flag.action === 'reject').map((flag) => flag.reason);
    const review = both.analysis.flags.filter((flag) => flag.action === 'review').map((flag) => flag.reason);
    const age = both.analysis.policy.minors.age;
    expect(reasonText(judge(photo(), both), strings)).toBe(`${[...reject, ...review].join(' ')} 2 people, 1 possibly under ${age}.`);
    expect(reasonText(judge(photo(), verdict('balanced', [face([30, 45])])), strings)).toBe('Nothing of concern found. 1 person.');
  });

  it('speaks the page’s words', () => {
    const german = { ...strings, blocked: 'Gesperrt', show: 'Zeigen', showLabel: (name: string) => `${name} zeigen` };
    expect(fileView(settled(blockedVerdict, photo('a.jpg')), german)).toMatchObject({
      label: 'Gesperrt',
      reveal: { text: 'Zeigen', label: 'a.jpg zeigen' },
    });
  });
});

function allReasons(given: Verdict): string {
  return given.analysis.flags.map((flag) => flag.reason).join(' ');
}
