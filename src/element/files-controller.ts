import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { applyPolicy } from '../index.js';
import type { GuardOptions, ImageGuard, Verdict } from '../index.js';
import { ImageGuardErrorEvent, ImageGuardProgressEvent, ImageGuardVerdictEvent } from './events.js';
import {
  checkAborted,
  checkStarted,
  chosen,
  errorArrived,
  mirrored,
  needsCheck,
  rejudged,
  removed,
  revealToggled,
  verdictArrived,
} from './file-state.js';
import type { DecideHook, FileEntry, ImageGuardFileResult } from './file-state.js';
import type { ImageGuardStrings } from './strings.js';

/** What the files controller reads from the element each time it checks or judges. */
export interface FilesSource {
  guard(): Promise<ImageGuard>;
  policy(): GuardOptions['policy'];
  decide(): DecideHook | undefined;
  strings(): ImageGuardStrings;
  /** Says something in the element's live region. */
  announce(text: string): void;
}

/**
 * The chosen files: their entries (state in `file-state.ts`), previews and checks. Every check can be aborted, and
 * is, when its file is checked again, removed, or the element leaves the page; a result that arrives after that
 * changes nothing. Fires the element's per-file events.
 */
export class FilesController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #source: FilesSource;
  #entries: FileEntry[] = [];
  /** Object URLs of the previews, by entry id; none while the element is disconnected. */
  readonly #previews = new Map<number, string>();
  /** The abort of each check in flight, by entry id. */
  readonly #aborts = new Map<number, AbortController>();
  #nextId = 0;
  #nextCheck = 0;

  constructor(host: ReactiveControllerHost & HTMLElement, source: FilesSource) {
    this.#host = host;
    this.#source = source;
    host.addController(this);
  }

  get entries(): readonly FileEntry[] {
    return this.#entries;
  }

  get results(): ImageGuardFileResult[] {
    return this.#entries.map((entry) => entry.result);
  }

  /** The preview's object URL; null while disconnected. */
  preview(entry: FileEntry): string | null {
    return this.#previews.get(entry.id) ?? null;
  }

  hostConnected(): void {
    // Coming back after a move: previews were revoked and unfinished checks aborted on disconnect.
    for (const entry of this.#entries) {
      this.#ensurePreview(entry);
      if (needsCheck(entry)) void this.#check(entry.id);
    }
    this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    for (const entry of this.#entries) this.#release(entry);
    this.#entries = this.#entries.map(checkAborted);
  }

  /** Files the person chose, dropped or pasted (no slotted input): added to the list and checked. */
  add(files: readonly File[]): void {
    const added = files.map((file) => chosen(this.#nextId++, file));
    this.#entries = [...this.#entries, ...added];
    this.#start(added);
  }

  /** The list becomes `files` (a slotted input's): kept files keep their verdicts, new ones are checked. */
  mirror(files: readonly File[]): void {
    const { entries, added, dropped } = mirrored(this.#entries, files, this.#nextId);
    this.#nextId += added.length;
    for (const entry of dropped) this.#release(entry);
    this.#entries = entries;
    this.#start(added);
  }

  remove(entry: FileEntry): void {
    this.#release(entry);
    this.#entries = removed(this.#entries, entry.id);
    this.#host.requestUpdate();
  }

  clear(): void {
    for (const entry of this.#entries) this.#release(entry);
    this.#entries = [];
    this.#host.requestUpdate();
  }

  toggleReveal(entry: FileEntry): void {
    this.#replace(entry.id, revealToggled);
  }

  /** The models or settings changed: every file is checked again. */
  recheckAll(): void {
    for (const entry of this.#entries) void this.#check(entry.id);
  }

  /** The page's `decide` changed: the same verdicts, judged again. */
  rejudgeAll(): void {
    const decide = this.#source.decide();
    this.#entries = this.#entries.map((entry) => ('verdict' in entry.result ? rejudged(entry, entry.result.verdict, decide) : entry));
    this.#host.requestUpdate();
  }

  /**
   * The policy changed. A verdict carries its evidence: it is judged again under the new policy without running a
   * model, and fired again. Files without a verdict are checked again.
   */
  applyPolicy(): void {
    const policy = this.#source.policy() ?? 'balanced';
    for (const entry of this.#entries) {
      if (!('verdict' in entry.result)) {
        void this.#check(entry.id);
        continue;
      }
      const verdict = applyPolicy(entry.result.verdict, policy);
      this.#replace(entry.id, (current) => rejudged(current, verdict, this.#source.decide()));
      this.#fireVerdict(entry.result.file, verdict);
    }
  }

  #start(added: readonly FileEntry[]): void {
    for (const entry of added) {
      this.#ensurePreview(entry);
      void this.#check(entry.id);
    }
    this.#host.requestUpdate();
  }

  async #check(id: number): Promise<void> {
    const check = this.#nextCheck++;
    const started = this.#replace(id, (entry) => checkStarted(entry, check));
    if (!started) return;
    this.#aborts.get(id)?.abort();
    const abort = new AbortController();
    this.#aborts.set(id, abort);
    const { file } = started.result;
    this.#source.announce(this.#source.strings().announceChecking(file.name));
    this.#host.dispatchEvent(new ImageGuardProgressEvent({ phase: 'checking', file }));

    let settle: (entry: FileEntry) => FileEntry;
    try {
      const guard = await this.#source.guard();
      if (abort.signal.aborted) return;
      const policy = this.#source.policy();
      const verdict = await guard.moderate(file, { signal: abort.signal, ...(policy === undefined ? {} : { policy }) });
      settle = (entry) => verdictArrived(entry, check, verdict, this.#source.decide());
    } catch (error) {
      settle = (entry) => errorArrived(entry, check, error);
    }
    // Removed, re-checked or disconnected meanwhile: the entry no longer waits for this check, and stays as it is.
    const settled = this.#replace(id, settle);
    if (!settled) return;
    this.#aborts.delete(id);
    const { result } = settled;
    const strings = this.#source.strings();
    this.#source.announce(strings.announceResult(file.name, strings[result.state]));
    if (result.state === 'error') this.#host.dispatchEvent(new ImageGuardErrorEvent({ file, error: result.error }));
    else if ('verdict' in result) this.#fireVerdict(file, result.verdict);
  }

  /**
   * Applies a transition to one entry. Returns the new entry, or null when the entry is gone or the transition did
   * not apply (it returned the entry itself).
   */
  #replace(id: number, transition: (entry: FileEntry) => FileEntry): FileEntry | null {
    const current = this.#entries.find((entry) => entry.id === id);
    if (!current) return null;
    const next = transition(current);
    if (next === current) return null;
    this.#entries = this.#entries.map((entry) => (entry === current ? next : entry));
    this.#host.requestUpdate();
    return next;
  }

  #fireVerdict(file: File, verdict: Verdict): void {
    this.#host.dispatchEvent(new ImageGuardVerdictEvent({ file, verdict }));
  }

  #ensurePreview(entry: FileEntry): void {
    if (this.#host.isConnected && !this.#previews.has(entry.id)) {
      this.#previews.set(entry.id, URL.createObjectURL(entry.result.file));
    }
  }

  /** Aborts the entry's check and revokes its preview (it is removed, or the element leaves the page). */
  #release(entry: FileEntry): void {
    this.#aborts.get(entry.id)?.abort();
    this.#aborts.delete(entry.id);
    const url = this.#previews.get(entry.id);
    if (url) URL.revokeObjectURL(url);
    this.#previews.delete(entry.id);
  }
}
