import { LitElement, html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { applyPolicy, createImageGuard, ImageGuardError } from '../index.js';
import type { GuardOptions, GuardProgress, ImageGuard, Verdict } from '../index.js';
import { ImageGuardErrorEvent, ImageGuardProgressEvent, ImageGuardVerdictEvent } from './events.js';
import { defaultStrings } from './strings.js';
import type { ImageGuardStrings } from './strings.js';
import { styles } from './styles.js';

/** Where one chosen file stands, as the `verdicts` getter reports it. */
export type ImageGuardFileResult =
  | { file: File; state: 'checking' }
  | { file: File; state: 'passed' | 'review' | 'blocked'; verdict: Verdict }
  | { file: File; state: 'error'; error: ImageGuardError };

export type ImageGuardFileState = ImageGuardFileResult['state'];

/** The states a checked file can be judged into. */
export type DecidedState = 'passed' | 'review' | 'blocked';

interface Item {
  readonly id: number;
  readonly file: File;
  /** Object URL of the preview; null while the element is disconnected. */
  url: string | null;
  result: ImageGuardFileResult;
  revealed: boolean;
  /** Aborts the check in flight; a result arriving after abort belongs to a check nobody waits for. */
  controller: AbortController | null;
}

/**
 * A file picker that screens every chosen image on the person's own device before anything is uploaded.
 *
 * @tag image-guard
 * @summary Wraps a file input; checks each chosen image with the on-device models, shows a verdict per file, and
 * stops the surrounding form from submitting while an image is being checked or is blocked.
 *
 * @slot - The `<input type="file">` to guard. It stays the form's real control (name, required, submission) and is
 * visually hidden behind the drop zone. Without one, the element renders its own input.
 *
 * @csspart dropzone - The focusable area that opens the file picker and accepts dropped files.
 * @csspart list - The list of chosen files.
 * @csspart item - One chosen file.
 * @csspart preview - The file's thumbnail (blurred while being checked and when flagged).
 * @csspart status - The file's state: checking, passed, needs review, blocked or could not check.
 * @csspart reason - Why, in words.
 * @csspart problem - What stops the form from submitting, under the drop zone (linked with aria-describedby).
 * @csspart remove - The button that removes the file.
 *
 * @cssprop --image-guard-accent - Drop zone, focus rings and the "checking" state. Default #2563eb.
 * @cssprop --image-guard-radius - Corner radius. Default 12px.
 * @cssprop --image-guard-danger - Blocked and failed files. Default #c62828.
 * @cssprop --image-guard-warning - Files that need review. Default #9a5b00.
 * @cssprop --image-guard-ok - Files that passed. Default #2e7d32.
 * @cssprop --image-guard-font - Font shorthand for the element. Default: inherited.
 * @cssprop --image-guard-blur - How strongly flagged previews are blurred. Default 14px.
 *
 * @fires image-guard-verdict - A file was checked. `detail: { file, verdict }`.
 * @fires image-guard-error - A file could not be checked. `detail: { file, error }`; `error.code` says why.
 * @fires image-guard-progress - Model loading (first use) and per-file progress. `detail` is the core's
 * GuardProgress, or `{ phase: 'checking', file }` when a file starts.
 *
 * @attr policy - A policy preset: 'balanced' (default), 'strict' or 'permissive'. The `policy` property also takes
 * a partial policy object. Changing it judges the files already checked again, from their evidence (no model runs).
 * @attr model-base-url - Where the model files are served from, on the page's own origin.
 * @attr backend - tfjs backend: 'auto' (default), 'wasm', 'webgl' or 'cpu'.
 * @attr name - Without a slotted input: the form field name the accepted files are submitted under.
 * @attr required - Without a slotted input: at least one accepted image is needed to submit.
 * @attr disabled - No new files can be chosen, dropped or pasted; a disabled fieldset does the same.
 * @attr multiple - Without a slotted input: more than one file may be chosen.
 * @attr accept - Without a slotted input: the picker's file types. Default 'image/*'.
 * @attr capture - Without a slotted input: on phones, open the camera ('user' or 'environment').
 * @attr block-review - Images that need review also stop the form (by default they may be uploaded, with a note).
 */
export class ImageGuardElement extends LitElement {
  static override styles = styles;
  /** A real form control: it takes part in validation, reset and (without a slotted input) submission. */
  static formAssociated = true;

  static override properties = {
    policy: { converter: { fromAttribute: (value: string | null) => value ?? undefined } },
    modelBaseUrl: { attribute: 'model-base-url' },
    backend: {},
    name: { reflect: true },
    required: { type: Boolean, reflect: true },
    disabled: { type: Boolean, reflect: true },
    multiple: { type: Boolean },
    accept: {},
    capture: {},
    blockReview: { type: Boolean, attribute: 'block-review' },
    guard: { attribute: false },
    strings: { attribute: false },
    decide: { attribute: false },
  };

  /** A preset name or a partial policy, applied to every check (also with a page-provided `guard`). */
  declare policy: GuardOptions['policy'];
  declare modelBaseUrl: string | undefined;
  declare backend: GuardOptions['backend'];
  /** An ImageGuard the page already has, to share its loaded models. The element never disposes it. */
  declare guard: ImageGuard | undefined;
  /** Partial overrides of the English strings. */
  declare strings: Partial<ImageGuardStrings>;
  declare name: string | undefined;
  declare required: boolean;
  declare disabled: boolean;
  declare multiple: boolean;
  declare accept: string;
  declare capture: string | undefined;
  declare blockReview: boolean;
  /**
   * The page's last word on each checked file: return 'passed', 'review' or 'blocked' to override what the verdict
   * suggests (for example, let a trusted user's reviewed images through). Without it the verdict decides.
   */
  declare decide: ((verdict: Verdict, file: File) => DecidedState) | undefined;

  #internals: ElementInternals;
  /** Set by a disabled <fieldset> around the element (formDisabledCallback). */
  #formDisabled = false;

  #items: Item[] = [];
  #nextItemId = 0;
  /** The slotted file input, when the page provided one. */
  #input: HTMLInputElement | null = null;
  /** Whether we put tabindex=-1 on the slotted input (the drop zone is its one tab stop), to undo it on release. */
  #tookTabStop = false;
  #ownGuard: Promise<ImageGuard> | null = null;
  /** Bumped when the owned guard is dropped, so a stale guard's progress is not reported. */
  #guardGeneration = 0;
  #status = '';
  #dragDepth = 0;
  #root: Node | null = null;

  constructor() {
    super();
    this.#internals = this.attachInternals();
    this.strings = {};
    this.required = false;
    this.disabled = false;
    this.multiple = false;
    this.accept = 'image/*';
    this.blockReview = false;
    this.addEventListener('change', this.#onLightChange);
    this.addEventListener('dragenter', this.#onDragEnter);
    this.addEventListener('dragover', this.#onDragOver);
    this.addEventListener('dragleave', this.#onDragLeave);
    this.addEventListener('drop', this.#onDrop);
    this.addEventListener('paste', this.#onPaste);
  }

  /** Every chosen file with its state, and its verdict or error once known. */
  get verdicts(): ImageGuardFileResult[] {
    return this.#items.map((item) => item.result);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#root = this.getRootNode();
    this.#root.addEventListener('reset', this.#onReset);
    // Coming back after a move: previews were revoked and unfinished checks aborted on disconnect.
    for (const item of this.#items) {
      item.url ??= URL.createObjectURL(item.file);
      if (item.result.state === 'checking') void this.#check(item);
    }
    this.requestUpdate();
    this.#adoptInput();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#root?.removeEventListener('reset', this.#onReset);
    this.#root = null;
    for (const item of this.#items) this.#discard(item);
    this.#dropOwnGuard();
  }

  /** The control's form, as for native controls. */
  get form(): HTMLFormElement | null {
    return this.#internals.form;
  }

  get validationMessage(): string {
    return this.#internals.validationMessage;
  }

  get validity(): ValidityState {
    return this.#internals.validity;
  }

  checkValidity(): boolean {
    return this.#internals.checkValidity();
  }

  reportValidity(): boolean {
    return this.#internals.reportValidity();
  }

  formDisabledCallback(disabled: boolean): void {
    this.#formDisabled = disabled;
    this.requestUpdate();
  }

  /** A form reset empties the list; a slotted input resets itself and `#onReset` follows it. */
  formResetCallback(): void {
    if (this.#input) return;
    for (const item of this.#items) this.#discard(item);
    this.#items = [];
    this.requestUpdate();
  }

  get #isDisabled(): boolean {
    return this.disabled || this.#formDisabled;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.hasUpdated) return;
    if (changed.has('decide')) {
      // The page's rule changed: the same verdicts, judged again.
      for (const item of this.#items) {
        if ('verdict' in item.result) item.result = this.#judge(item.result.file, item.result.verdict);
      }
    }
    const runtimeChanged = changed.has('modelBaseUrl') || changed.has('backend');
    // A new guard only when where or how the models run changes; the policy applies per call.
    if (changed.has('guard') || (runtimeChanged && !this.guard)) this.#dropOwnGuard();
    if (changed.has('guard') || runtimeChanged) {
      // The verdicts on screen were made by other models or settings: check again.
      for (const item of this.#items) void this.#check(item);
    } else if (changed.has('policy')) {
      // A verdict carries its evidence: judge it again under the new policy, without running a model.
      for (const item of this.#items) {
        if ('verdict' in item.result) {
          const verdict = applyPolicy(item.result.verdict, this.policy ?? 'balanced');
          item.result = this.#judge(item.file, verdict);
          this.dispatchEvent(new ImageGuardVerdictEvent({ file: item.file, verdict }));
        } else {
          void this.#check(item);
        }
      }
    }
  }

  /** Validity and the submitted value follow every change of state; the validity anchor needs the rendered drop zone. */
  protected override updated(): void {
    this.#updateValidity();
    this.#updateFormValue();
  }

  protected override render(): TemplateResult {
    const s = this.#strings;
    // What stops the form, shown once the person has something to act on (not while files are only being checked).
    const problem = this.#validityMessage();
    const invalid = problem !== '' && !this.#items.some((item) => item.result.state === 'checking');
    const label = this.#input
      ? html`<span class="label">${s.chooseImages}</span>`
      : // The label's own activation would open a second picker; the drop zone opens it instead.
        html`<label class="label" for="file" @click=${preventDefault}>${s.chooseImages}</label>`;
    return html`
      <div
        part="dropzone"
        class="dropzone ${this.#dragDepth > 0 ? 'dragging' : ''}"
        role="button"
        tabindex=${this.#isDisabled ? -1 : 0}
        aria-disabled=${this.#isDisabled ? 'true' : 'false'}
        aria-invalid=${invalid ? 'true' : 'false'}
        aria-describedby="problem"
        @click=${this.#openPicker}
        @keydown=${this.#onKeyDown}
      >
        ${uploadIcon} ${label}
        <span class="hint">${s.dropHint}</span>
      </div>
      <p id="problem" part="problem" class="problem" ?hidden=${!invalid}>${problem}</p>
      <slot @slotchange=${this.#adoptInput}></slot>
      ${this.#input
        ? nothing
        : html`<input
            id="file"
            class="visually-hidden"
            type="file"
            accept=${this.accept}
            ?multiple=${this.multiple}
            capture=${this.capture ?? nothing}
            ?disabled=${this.#isDisabled}
            tabindex="-1"
            @change=${this.#onOwnChange}
          />`}
      ${this.#items.length > 0
        ? html`<ul part="list" class="list">
            ${repeat(
              this.#items,
              (item) => item.id,
              (item) => this.#renderItem(item),
            )}
          </ul>`
        : nothing}
      <div class="visually-hidden" role="status" aria-live="polite">${this.#status}</div>
    `;
  }

  #renderItem(item: Item): TemplateResult {
    const s = this.#strings;
    const { file, result } = item;
    const flagged = result.state === 'blocked' || result.state === 'review';
    // Unchecked images stay blurred too: the point is not to show what has not been screened.
    const blurred = result.state === 'checking' || (flagged && !item.revealed);
    const reason = this.#reasonText(result);
    return html`
      <li part="item" class="item ${result.state}">
        <div class="thumb">
          ${item.url && result.state !== 'error'
            ? html`<img part="preview" class=${blurred ? 'blurred' : ''} src=${item.url} alt="" />`
            : nothing}
          ${flagged
            ? html`<button
                type="button"
                class="reveal"
                aria-label=${item.revealed ? s.hideLabel(file.name) : s.showLabel(file.name)}
                @click=${() => this.#toggleReveal(item)}
              >
                ${item.revealed ? s.hide : s.show}
              </button>`
            : nothing}
        </div>
        <div class="body">
          <div class="heading">
            <span class="name" title=${file.name}>${file.name}</span>
            <span part="status" class="status">${this.#stateLabel(result.state)}</span>
            ${result.state === 'checking' ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}
          </div>
          ${result.state === 'error'
            ? html`<p part="reason" class="reason" role="alert">${reason}</p>`
            : reason
              ? html`<p part="reason" class="reason">${reason}</p>`
              : nothing}
          ${result.state === 'review' ? html`<p class="note">${s.reviewNote}</p>` : nothing}
        </div>
        <button
          type="button"
          part="remove"
          class="remove"
          aria-label=${s.removeLabel(file.name)}
          @click=${() => this.#remove(item)}
        >
          ${removeIcon}
        </button>
      </li>
    `;
  }

  get #strings(): ImageGuardStrings {
    return { ...defaultStrings, ...this.strings };
  }

  #stateLabel(state: ImageGuardFileState): string {
    return this.#strings[state];
  }

  #reasonText(result: ImageGuardFileResult): string {
    switch (result.state) {
      case 'checking':
        return '';
      case 'error':
        return result.error.message;
      default: {
        const { flags: unsorted, faces, policy } = result.verdict.analysis;
        const flags = [...unsorted].sort((a, b) => rank(a.action) - rank(b.action));
        const reasons = flags.length > 0 ? flags.map((flag) => flag.reason).join(' ') : this.#strings.clean;
        if (!faces || faces.count === 0) return reasons;
        const minors = faces.items.filter((face) => face.ageRange[0] < policy.minors.age).length;
        return `${reasons} ${this.#strings.people(faces.count, minors, policy.minors.age)}`;
      }
    }
  }

  // --- the slotted input -------------------------------------------------------------------------------------------

  #adoptInput = (): void => {
    const input =
      [...this.children].find(
        (child): child is HTMLInputElement => child instanceof HTMLInputElement && child.type === 'file',
      ) ?? null;
    if (input === this.#input) return;
    this.#releaseInput();
    this.#input = input;
    if (input && !input.hasAttribute('tabindex')) {
      input.tabIndex = -1;
      this.#tookTabStop = true;
    }
    this.#syncFromInput();
    this.requestUpdate();
  };

  #releaseInput(): void {
    const input = this.#input;
    if (!input) return;
    input.setCustomValidity('');
    if (this.#tookTabStop) input.removeAttribute('tabindex');
    this.#tookTabStop = false;
    this.#input = null;
  }

  /** With a slotted input, the list mirrors `input.files`: the input is what the form submits. */
  #syncFromInput(): void {
    const input = this.#input;
    if (!input) return;
    const previous = new Map(this.#items.map((item) => [item.file, item]));
    const next = [...(input.files ?? [])].map((file) => previous.get(file) ?? this.#newItem(file));
    for (const item of this.#items) if (!next.includes(item)) this.#discard(item);
    this.#items = next;
    for (const item of next) if (!previous.has(item.file)) void this.#check(item);
    this.requestUpdate();
  }

  #onLightChange = (event: Event): void => {
    // `change` is not composed, so only the slotted input's reaches us here; the own input has its own listener.
    if (event.target === this.#input) this.#syncFromInput();
  };

  #onReset = (event: Event): void => {
    // Reset fires before the form clears its controls, and microtasks would run before that: wait a task.
    if (this.#input && event.target === this.#input.form) setTimeout(() => this.#syncFromInput());
  };

  /** Replaces the slotted input's files, firing the events a native input fires when the person changes them. */
  #setInputFiles(input: HTMLInputElement, files: File[]): void {
    const transfer = new DataTransfer();
    for (const file of files) transfer.items.add(file);
    input.files = transfer.files;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }

  #updateValidity(): void {
    const message = this.#validityMessage();
    this.#input?.setCustomValidity(message);
    const anchor = this.renderRoot?.querySelector<HTMLElement>('.dropzone') ?? undefined;
    if (!message) this.#internals.setValidity({});
    else if (this.#isMissing()) this.#internals.setValidity({ valueMissing: true }, message, anchor);
    else this.#internals.setValidity({ customError: true }, message, anchor);
  }

  /** Without a slotted input the element itself submits the files that may be uploaded, under its `name`. */
  #updateFormValue(): void {
    if (this.#input || !this.name) {
      this.#internals.setFormValue(null);
      return;
    }
    const data = new FormData();
    for (const item of this.#items) if (this.#mayUpload(item.result)) data.append(this.name, item.file);
    this.#internals.setFormValue(data);
  }

  #mayUpload(result: ImageGuardFileResult): boolean {
    return result.state === 'passed' || (result.state === 'review' && !this.blockReview);
  }

  /** `required` without a slotted input (a slotted input has its own `required`). */
  #isMissing(): boolean {
    return !this.#input && this.required && !this.#items.some((item) => this.#mayUpload(item.result));
  }

  #validityMessage(): string {
    const s = this.#strings;
    for (const { result } of this.#items) {
      if (result.state === 'blocked' || (result.state === 'review' && this.blockReview)) {
        const action = result.state === 'blocked' ? 'reject' : 'review';
        const reasons = result.verdict.analysis.flags.filter((flag) => flag.action === action);
        return s.cannotUpload(result.file.name, reasons.map((flag) => flag.reason).join(' ') || s[result.state]);
      }
      // An image that could not be checked is not let through either.
      if (result.state === 'error') return s.cannotUpload(result.file.name, result.error.message);
    }
    const pending = this.#items.find((item) => item.result.state === 'checking');
    if (pending) return s.stillChecking(pending.file.name);
    return this.#isMissing() ? s.required : '';
  }

  // --- choosing, dropping, pasting, removing -------------------------------------------------------------------------

  #openPicker = (): void => {
    if (this.#isDisabled) return;
    (this.#input ?? this.renderRoot.querySelector<HTMLInputElement>('#file'))?.click();
  };

  #onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    this.#openPicker();
  };

  #onOwnChange = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    this.#addFiles([...(input.files ?? [])]);
    // Emptied so that choosing the same file again still fires `change`.
    input.value = '';
  };

  #addFiles(files: File[]): void {
    if (files.length === 0 || this.#isDisabled) return;
    const input = this.#input;
    if (input) {
      this.#setInputFiles(input, input.multiple ? [...(input.files ?? []), ...files] : files.slice(0, 1));
      return;
    }
    const added = files.map((file) => this.#newItem(file));
    this.#items = [...this.#items, ...added];
    for (const item of added) void this.#check(item);
    this.requestUpdate();
  }

  #remove(item: Item): void {
    if (this.#input) {
      this.#setInputFiles(
        this.#input,
        this.#items.filter((other) => other !== item).map((other) => other.file),
      );
    } else {
      this.#discard(item);
      this.#items = this.#items.filter((other) => other !== item);
      this.requestUpdate();
    }
    // The button that had focus is gone; keep focus inside the widget.
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.dropzone')?.focus());
  }

  #toggleReveal(item: Item): void {
    item.revealed = !item.revealed;
    this.requestUpdate();
  }

  #hasFiles(event: DragEvent): boolean {
    return event.dataTransfer?.types.includes('Files') ?? false;
  }

  #onDragEnter = (event: DragEvent): void => {
    if (!this.#hasFiles(event)) return;
    event.preventDefault();
    this.#dragDepth++;
    this.requestUpdate();
  };

  #onDragOver = (event: DragEvent): void => {
    if (!this.#hasFiles(event) || !event.dataTransfer) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  };

  #onDragLeave = (event: DragEvent): void => {
    if (!this.#hasFiles(event) || this.#dragDepth === 0) return;
    this.#dragDepth--;
    this.requestUpdate();
  };

  #onDrop = (event: DragEvent): void => {
    const files = [...(event.dataTransfer?.files ?? [])];
    this.#dragDepth = 0;
    this.requestUpdate();
    if (files.length === 0) return;
    // Also keeps the browser from opening the image, and a native input from taking the drop its own way.
    event.preventDefault();
    this.#addFiles(files);
  };

  #onPaste = (event: ClipboardEvent): void => {
    const files = [...(event.clipboardData?.files ?? [])];
    if (files.length === 0) return;
    event.preventDefault();
    this.#addFiles(files);
  };

  // --- checking -------------------------------------------------------------------------------------------------------

  #newItem(file: File): Item {
    return {
      id: this.#nextItemId++,
      file,
      url: this.isConnected ? URL.createObjectURL(file) : null,
      result: { file, state: 'checking' },
      revealed: false,
      controller: null,
    };
  }

  #discard(item: Item): void {
    item.controller?.abort();
    item.controller = null;
    if (item.url) URL.revokeObjectURL(item.url);
    item.url = null;
  }

  async #check(item: Item): Promise<void> {
    item.controller?.abort();
    const controller = new AbortController();
    item.controller = controller;
    item.revealed = false;
    const { file } = item;
    this.#setResult(item, { file, state: 'checking' });
    this.#announce(this.#strings.announceChecking(file.name));
    this.dispatchEvent(new ImageGuardProgressEvent({ phase: 'checking', file }));

    let result: ImageGuardFileResult;
    try {
      const guard = await this.#getGuard();
      if (controller.signal.aborted) return;
      const verdict = await guard.moderate(file, {
        signal: controller.signal,
        ...(this.policy === undefined ? {} : { policy: this.policy }),
      });
      result = this.#judge(file, verdict);
    } catch (error) {
      result = { file, state: 'error', error: asGuardError(error) };
    }
    // Removed, re-checked or disconnected meanwhile: a newer check (or nobody) owns this item now.
    if (controller.signal.aborted) return;
    item.controller = null;
    this.#setResult(item, result);
    this.#announce(this.#strings.announceResult(file.name, this.#stateLabel(result.state)));
    this.dispatchEvent(
      result.state === 'error'
        ? new ImageGuardErrorEvent({ file, error: result.error })
        : new ImageGuardVerdictEvent({ file, verdict: result.verdict }),
    );
  }

  #setResult(item: Item, result: ImageGuardFileResult): void {
    item.result = result;
    this.requestUpdate();
  }

  #announce(text: string): void {
    this.#status = text;
    this.requestUpdate();
  }

  /** The page's guard, or one of our own, created on first need with the element's settings. */
  #getGuard(): Promise<ImageGuard> {
    if (this.guard) return Promise.resolve(this.guard);
    if (this.#ownGuard) return this.#ownGuard;
    const generation = this.#guardGeneration;
    const options: GuardOptions = {
      onProgress: (progress: GuardProgress) => {
        if (generation !== this.#guardGeneration) return;
        // Once per model, not for every chunk of bytes that arrives.
        if (progress.phase === 'model-loading' && !('file' in progress)) this.#announce(this.#strings.loadingModel);
        this.dispatchEvent(new ImageGuardProgressEvent(progress));
      },
    };
    if (this.modelBaseUrl !== undefined) options.modelBaseUrl = this.modelBaseUrl;
    if (this.backend !== undefined) options.backend = this.backend;
    const created = createImageGuard(options);
    this.#ownGuard = created;
    // Each waiting file reports the failure; the next file tries to load again.
    created.catch(() => {
      if (this.#ownGuard === created) this.#ownGuard = null;
    });
    return created;
  }

  #judge(file: File, verdict: Verdict): Extract<ImageGuardFileResult, { verdict: Verdict }> {
    return { file, state: this.decide?.(verdict, file) ?? stateOf(verdict), verdict };
  }

  #dropOwnGuard(): void {
    const pending = this.#ownGuard;
    this.#ownGuard = null;
    this.#guardGeneration++;
    pending?.then(
      (guard) => guard.dispose(),
      () => {},
    );
  }
}

/** What a verdict suggests, before the page's `decide` hook has its say. */
function stateOf(verdict: Verdict): DecidedState {
  if (verdict.suggestedActions.reject) return 'blocked';
  return verdict.suggestedActions.review ? 'review' : 'passed';
}

/** Reject reasons first: they are what the person has to act on. */
function rank(action: 'reject' | 'review'): number {
  return action === 'reject' ? 0 : 1;
}

function asGuardError(error: unknown): ImageGuardError {
  if (error instanceof ImageGuardError) return error;
  return new ImageGuardError('analysis_failed', 'Something went wrong while checking this image.', { cause: error });
}

function preventDefault(event: Event): void {
  event.preventDefault();
}

const uploadIcon = html`<svg class="icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.8"
  stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
  <path d="M4 16v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2" /><path d="M12 4v12" /><path d="m7 9 5-5 5 5" />
</svg>`;

const removeIcon = html`<svg width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor"
  stroke-width="2.4" stroke-linecap="round" aria-hidden="true"><path d="M6 6l12 12M18 6 6 18" /></svg>`;
