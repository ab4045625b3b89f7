import { ImageGuardError } from '../errors.js';
import type { Action } from '../policy/types.js';
import { isPossibleMinor } from '../verdict/signals.js';
import type { Verdict } from '../verdict/types.js';
import type { ImageGuardStrings } from './strings.js';

// What <image-guard> knows about each chosen file, and what follows from it for the form and the screen, as pure
// functions of plain data: no DOM, no guard, no timers. The controllers hold the state and do the side effects.

/** Where one chosen file stands, as the `verdicts` getter reports it. */
export type ImageGuardFileResult =
  | { file: File; state: 'checking' }
  | { file: File; state: 'passed' | 'review' | 'blocked'; verdict: Verdict }
  | { file: File; state: 'error'; error: ImageGuardError };

export type ImageGuardFileState = ImageGuardFileResult['state'];

/** The states a checked file can be judged into. */
export type DecidedState = 'passed' | 'review' | 'blocked';

/** The page's last word on a checked file (the element's `decide` property). */
export type DecideHook = (verdict: Verdict, file: File) => DecidedState;

export type JudgedResult = Extract<ImageGuardFileResult, { verdict: Verdict }>;

/** One chosen file. Never changed in place: every transition returns a new entry, or the same one when it does not apply. */
export interface FileEntry {
  /** Stable across transitions: the list's key. */
  readonly id: number;
  readonly result: ImageGuardFileResult;
  /** The person chose to see this flagged preview unblurred. */
  readonly revealed: boolean;
  /**
   * The check this entry waits for, null when none is in flight. A result from any other check (one that was
   * aborted by a re-check, a removal or a disconnect) is stale and changes nothing.
   */
  readonly check: number | null;
}

// --- transitions -----------------------------------------------------------------------------------------------------

/** A file just chosen: checking, with no check started yet. */
export function chosen(id: number, file: File): FileEntry {
  return { id, result: { file, state: 'checking' }, revealed: false, check: null };
}

/** A check starts (first or again): the file is unchecked until it settles, so its preview is blurred again. */
export function checkStarted(entry: FileEntry, check: number): FileEntry {
  return { ...entry, result: { file: entry.result.file, state: 'checking' }, revealed: false, check };
}

/** The guard's verdict for `check`, judged by `decide` if the page gave one; stale results return `entry` itself. */
export function verdictArrived(entry: FileEntry, check: number, verdict: Verdict, decide?: DecideHook): FileEntry {
  if (entry.check !== check) return entry;
  return { ...entry, result: judge(entry.result.file, verdict, decide), check: null };
}

/** The guard's failure for `check`; stale failures (an abort's own `aborted` error among them) return `entry` itself. */
export function errorArrived(entry: FileEntry, check: number, error: unknown): FileEntry {
  if (entry.check !== check) return entry;
  return { ...entry, result: { file: entry.result.file, state: 'error', error: asGuardError(error) }, check: null };
}

/**
 * The check in flight is abandoned without a result (the element left the page): nothing waits for it any more.
 * The file stays `checking`, so `needsCheck` starts it again when the element comes back.
 */
export function checkAborted(entry: FileEntry): FileEntry {
  return entry.check === null ? entry : { ...entry, check: null };
}

/** An unchecked file with no check in flight. */
export function needsCheck(entry: FileEntry): boolean {
  return entry.result.state === 'checking' && entry.check === null;
}

/**
 * The same file judged again from `verdict` (its own, or the same evidence under another policy), without a model.
 * Entries without a verdict (checking, error) are returned as they are: only a new check can change those.
 */
export function rejudged(entry: FileEntry, verdict: Verdict, decide?: DecideHook): FileEntry {
  if (!('verdict' in entry.result)) return entry;
  return { ...entry, result: judge(entry.result.file, verdict, decide) };
}

/** Show or hide a flagged preview; an unflagged file has nothing to reveal. */
export function revealToggled(entry: FileEntry): FileEntry {
  return isFlagged(entry.result.state) ? { ...entry, revealed: !entry.revealed } : entry;
}

/** The list without one file (removed by the person); its check, if any, is the caller's to abort. */
export function removed(entries: readonly FileEntry[], id: number): FileEntry[] {
  return entries.filter((entry) => entry.id !== id);
}

/** What changed when the list is made to follow a list of files (a slotted input's `files`). */
export interface Mirrored {
  /** In the files' order; a file already in the list keeps its entry (and its verdict), by identity. */
  readonly entries: FileEntry[];
  /** New entries, to check. */
  readonly added: FileEntry[];
  /** Entries whose file is gone, whose checks are to be aborted. */
  readonly dropped: FileEntry[];
}

/** The list following `files`; new entries take ids from `nextId` on. */
export function mirrored(entries: readonly FileEntry[], files: readonly File[], nextId: number): Mirrored {
  const previous = new Map(entries.map((entry) => [entry.result.file, entry]));
  const added: FileEntry[] = [];
  const next = files.map((file) => {
    const kept = previous.get(file);
    if (kept) return kept;
    const entry = chosen(nextId + added.length, file);
    added.push(entry);
    return entry;
  });
  return { entries: next, added, dropped: entries.filter((entry) => !next.includes(entry)) };
}

// --- judging ---------------------------------------------------------------------------------------------------------

/** What a verdict suggests, before the page's `decide` hook has its say. */
export function suggestedState(verdict: Verdict): DecidedState {
  if (verdict.suggestedActions.reject) return 'blocked';
  return verdict.suggestedActions.review ? 'review' : 'passed';
}

export function judge(file: File, verdict: Verdict, decide?: DecideHook): JudgedResult {
  return { file, state: decide?.(verdict, file) ?? suggestedState(verdict), verdict };
}

/** Anything a check throws, as the typed error the element shows and fires. */
export function asGuardError(error: unknown): ImageGuardError {
  if (error instanceof ImageGuardError) return error;
  return new ImageGuardError('analysis_failed', 'Something went wrong while checking this image.', { cause: error });
}

// --- the form --------------------------------------------------------------------------------------------------------

export interface FormRules {
  /** Images that need review stop the form too (`block-review`). */
  readonly blockReview: boolean;
  /** At least one file that may be uploaded is needed (`required`, when no slotted input has its own). */
  readonly required: boolean;
}

/** Whether a file may go to the server with the form. */
export function mayUpload(result: ImageGuardFileResult, rules: Pick<FormRules, 'blockReview'>): boolean {
  return result.state === 'passed' || (result.state === 'review' && !rules.blockReview);
}

/** The files the form submits, in the list's order. */
export function uploadableFiles(results: readonly ImageGuardFileResult[], rules: Pick<FormRules, 'blockReview'>): File[] {
  return results.filter((result) => mayUpload(result, rules)).map((result) => result.file);
}

export interface FormValidity {
  /** What stops the form from submitting; '' when nothing does. */
  readonly message: string;
  /** The ValidityState flags to set with the message: `valueMissing` when required and nothing may be uploaded. */
  readonly flags: ValidityStateFlags;
  /** Show the message under the drop zone: there is a problem and no file is still being checked. */
  readonly shown: boolean;
}

/**
 * What the form's validity is for these files. One file that is checking, blocked, could not be checked, or needs
 * review under `blockReview`, stops the form; the first file that cannot be uploaded is named, before a file still
 * being checked, before `required`.
 */
export function formValidity(
  results: readonly ImageGuardFileResult[],
  rules: FormRules,
  strings: ImageGuardStrings,
): FormValidity {
  const missing = rules.required && !results.some((result) => mayUpload(result, rules));
  const message = validityMessage(results, rules, missing, strings);
  const checking = results.some((result) => result.state === 'checking');
  return {
    message,
    flags: message === '' ? {} : missing ? { valueMissing: true } : { customError: true },
    shown: message !== '' && !checking,
  };
}

function validityMessage(
  results: readonly ImageGuardFileResult[],
  rules: FormRules,
  missing: boolean,
  strings: ImageGuardStrings,
): string {
  for (const result of results) {
    if (result.state === 'blocked' || (result.state === 'review' && rules.blockReview)) {
      const action = result.state === 'blocked' ? 'reject' : 'review';
      const reasons = result.verdict.analysis.flags.filter((flag) => flag.action === action);
      return strings.cannotUpload(result.file.name, reasons.map((flag) => flag.reason).join(' ') || strings[result.state]);
    }
    // An image that could not be checked is not let through either.
    if (result.state === 'error') return strings.cannotUpload(result.file.name, result.error.message);
  }
  const pending = results.find((result) => result.state === 'checking');
  if (pending) return strings.stillChecking(pending.file.name);
  return missing ? strings.required : '';
}

// --- one file on screen ----------------------------------------------------------------------------------------------

/** Review and blocked files carry something the person may not want to see. */
export function isFlagged(state: ImageGuardFileState): boolean {
  return state === 'review' || state === 'blocked';
}

/** Everything the element renders for one file, in the page's words. */
export interface FileView {
  readonly name: string;
  readonly state: ImageGuardFileState;
  /** The state in words, beside the name. */
  readonly label: string;
  /** Why, in words; '' while checking. */
  readonly reason: string;
  /** The reason is an error, announced as an alert. */
  readonly alert: boolean;
  /** Under the reason of a file that may be uploaded but will be looked at; '' otherwise. */
  readonly note: string;
  /** Whether a preview is shown at all (a file that could not be read has none). */
  readonly preview: boolean;
  readonly blurred: boolean;
  /** The Show/Hide button of a flagged preview: its text and accessible name; null when there is none. */
  readonly reveal: { readonly text: string; readonly label: string } | null;
  readonly removeLabel: string;
}

export function fileView(entry: FileEntry, strings: ImageGuardStrings): FileView {
  const { result, revealed } = entry;
  const { name } = result.file;
  const flagged = isFlagged(result.state);
  return {
    name,
    state: result.state,
    label: strings[result.state],
    reason: reasonText(result, strings),
    alert: result.state === 'error',
    note: result.state === 'review' ? strings.reviewNote : '',
    preview: result.state !== 'error',
    // Unchecked images stay blurred too: the point is not to show what has not been screened.
    blurred: result.state === 'checking' || (flagged && !revealed),
    reveal: flagged
      ? revealed
        ? { text: strings.hide, label: strings.hideLabel(name) }
        : { text: strings.show, label: strings.showLabel(name) }
      : null,
    removeLabel: strings.removeLabel(name),
  };
}

/** Reject reasons first (they are what the person has to act on), then who is in the picture. */
export function reasonText(result: ImageGuardFileResult, strings: ImageGuardStrings): string {
  switch (result.state) {
    case 'checking':
      return '';
    case 'error':
      return result.error.message;
    default: {
      const { flags: unsorted, faces, policy } = result.verdict.analysis;
      const flags = [...unsorted].sort((a, b) => rank(a.action) - rank(b.action));
      const reasons = flags.length > 0 ? flags.map((flag) => flag.reason).join(' ') : strings.clean;
      if (!faces || faces.count === 0) return reasons;
      const minors = faces.items.filter((face) => isPossibleMinor(face, policy.minors.age)).length;
      return `${reasons} ${strings.people(faces.count, minors, policy.minors.age)}`;
    }
  }
}

function rank(action: Action): number {
  return action === 'reject' ? 0 : 1;
}
