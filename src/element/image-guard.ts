import { LitElement, html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { GuardOptions, ImageGuard, Verdict } from '../index.js';
import { DropZoneController } from './drop-zone-controller.js';
import { fileView } from './file-state.js';
import type { DecidedState, FileEntry, ImageGuardFileResult } from './file-state.js';
import { FilesController } from './files-controller.js';
import { FormValueController } from './form-value-controller.js';
import { GuardController } from './guard-controller.js';
import { LoadingController } from './loading-controller.js';
import { SlottedInputController } from './slotted-input-controller.js';
import { defaultStrings } from './strings.js';
import type { ImageGuardStrings } from './strings.js';
import { styles } from './styles.js';

// The component renders and wires; each job is a controller of its own: the files and their checks
// (files-controller.ts, state in file-state.ts), the form value and validity, the slotted input, the drop zone, the
// guard's lifecycle.

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
 * @attr loading - When the models start loading, so they are ready before the pick: 'visible' (default: when the
 * element first comes into view), 'eager' (at once), 'interaction' (first pointer over it, focus in it or drag onto
 * it) or 'manual' (when the page calls `preload()`). The first file starts them in any mode. Ignored with a
 * page-provided `guard`.
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
    loading: {},
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
  /** 'visible' (default), 'eager', 'interaction' or 'manual': see `@attr loading`. */
  declare loading: string | undefined;
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

  readonly #files = new FilesController(this, {
    guard: () => this.#guard.get(),
    policy: () => this.policy,
    decide: () => this.decide,
    strings: () => this.#strings,
    announce: (text) => this.#announce(text),
  });
  readonly #guard = new GuardController(this, () => this.#announce(this.#strings.loadingModel));
  readonly #slotted = new SlottedInputController(this, (files) => this.#files.mirror(files));
  readonly #form = new FormValueController(this, {
    results: () => this.#files.results,
    input: () => this.#slotted.input,
    strings: () => this.#strings,
    anchor: () => this.#dropzone,
  });
  readonly #dropZone = new DropZoneController(this, {
    disabled: () => this.#form.disabled,
    picker: () => this.#slotted.input ?? this.renderRoot.querySelector<HTMLInputElement>('#file'),
    add: (files) => this.#addFiles(files),
  });
  /** The live region's text. */
  #status = '';

  constructor() {
    super();
    // Starts the models when `loading` says; a failed start is reported for the files checked after it.
    new LoadingController(this, () => void this.preload().catch(() => {}));
    this.strings = {};
    this.required = false;
    this.disabled = false;
    this.multiple = false;
    this.accept = 'image/*';
    this.blockReview = false;
  }

  /** Every chosen file with its state, and its verdict or error once known. */
  get verdicts(): ImageGuardFileResult[] {
    return this.#files.results;
  }

  /**
   * Starts loading the models now (what `loading="manual"` waits for); resolves once they are ready. A failure
   * rejects here and is reported again, as an `image-guard-error`, for each file checked after it.
   */
  async preload(): Promise<void> {
    await this.#guard.get();
  }

  /** The control's form, as for native controls. */
  get form(): HTMLFormElement | null {
    return this.#form.internals.form;
  }

  get validationMessage(): string {
    return this.#form.internals.validationMessage;
  }

  get validity(): ValidityState {
    return this.#form.internals.validity;
  }

  checkValidity(): boolean {
    return this.#form.internals.checkValidity();
  }

  reportValidity(): boolean {
    return this.#form.internals.reportValidity();
  }

  formDisabledCallback(disabled: boolean): void {
    this.#form.formDisabled(disabled);
  }

  /** A form reset empties the list; a slotted input resets itself and the list follows it. */
  formResetCallback(): void {
    if (!this.#slotted.input) this.#files.clear();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.hasUpdated) return;
    // The page's rule changed: the same verdicts, judged again.
    if (changed.has('decide')) this.#files.rejudgeAll();
    const runtimeChanged = changed.has('modelBaseUrl') || changed.has('backend');
    // A new guard only when where or how the models run changes; the policy applies per call.
    if (changed.has('guard') || (runtimeChanged && !this.guard)) this.#guard.drop();
    // The verdicts on screen were made by other models or settings: check again.
    if (changed.has('guard') || runtimeChanged) this.#files.recheckAll();
    else if (changed.has('policy')) this.#files.applyPolicy();
  }

  protected override render(): TemplateResult {
    const s = this.#strings;
    const disabled = this.#form.disabled;
    // What stops the form, shown once the person has something to act on (not while files are only being checked).
    const { message, shown } = this.#form.current;
    const label = this.#slotted.input
      ? html`<span class="label">${s.chooseImages}</span>`
      : // The label's own activation would open a second picker; the drop zone opens it instead.
        html`<label class="label" for="file" @click=${preventDefault}>${s.chooseImages}</label>`;
    return html`
      <div
        part="dropzone"
        class="dropzone ${this.#dropZone.dragging ? 'dragging' : ''}"
        role="button"
        tabindex=${disabled ? -1 : 0}
        aria-disabled=${disabled ? 'true' : 'false'}
        aria-invalid=${shown ? 'true' : 'false'}
        aria-describedby="problem"
        @click=${this.#dropZone.open}
        @keydown=${this.#dropZone.onKeyDown}
      >
        ${uploadIcon} ${label}
        <span class="hint">${s.dropHint}</span>
      </div>
      <p id="problem" part="problem" class="problem" ?hidden=${!shown}>${message}</p>
      <slot @slotchange=${this.#slotted.adopt}></slot>
      ${this.#slotted.input
        ? nothing
        : html`<input
            id="file"
            class="visually-hidden"
            type="file"
            accept=${this.accept}
            ?multiple=${this.multiple}
            capture=${this.capture ?? nothing}
            ?disabled=${disabled}
            tabindex="-1"
            @change=${this.#onOwnChange}
          />`}
      ${this.#files.entries.length > 0
        ? html`<ul part="list" class="list">
            ${repeat(
              this.#files.entries,
              (entry) => entry.id,
              (entry) => this.#renderItem(entry),
            )}
          </ul>`
        : nothing}
      <div class="visually-hidden" role="status" aria-live="polite">${this.#status}</div>
    `;
  }

  #renderItem(entry: FileEntry): TemplateResult {
    const view = fileView(entry, this.#strings);
    const url = this.#files.preview(entry);
    return html`
      <li part="item" class="item ${view.state}">
        <div class="thumb">
          ${url && view.preview
            ? html`<img part="preview" class=${view.blurred ? 'blurred' : ''} src=${url} alt="" />`
            : nothing}
          ${view.reveal
            ? html`<button
                type="button"
                class="reveal"
                aria-label=${view.reveal.label}
                @click=${() => this.#files.toggleReveal(entry)}
              >
                ${view.reveal.text}
              </button>`
            : nothing}
        </div>
        <div class="body">
          <div class="heading">
            <span class="name" title=${view.name}>${view.name}</span>
            <span part="status" class="status">${view.label}</span>
            ${view.state === 'checking' ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}
          </div>
          ${view.alert
            ? html`<p part="reason" class="reason" role="alert">${view.reason}</p>`
            : view.reason
              ? html`<p part="reason" class="reason">${view.reason}</p>`
              : nothing}
          ${view.note ? html`<p class="note">${view.note}</p>` : nothing}
        </div>
        <button type="button" part="remove" class="remove" aria-label=${view.removeLabel} @click=${() => this.#remove(entry)}>
          ${removeIcon}
        </button>
      </li>
    `;
  }

  get #strings(): ImageGuardStrings {
    return { ...defaultStrings, ...this.strings };
  }

  get #dropzone(): HTMLElement | undefined {
    return this.renderRoot?.querySelector<HTMLElement>('.dropzone') ?? undefined;
  }

  #announce(text: string): void {
    this.#status = text;
    this.requestUpdate();
  }

  /** Chosen, dropped or pasted files go into the slotted input (which the form submits), or into the list. */
  #addFiles(files: File[]): void {
    if (files.length === 0 || this.#form.disabled) return;
    if (this.#slotted.input) this.#slotted.add(files);
    else this.#files.add(files);
  }

  #onOwnChange = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    this.#addFiles([...(input.files ?? [])]);
    // Emptied so that choosing the same file again still fires `change`.
    input.value = '';
  };

  #remove(entry: FileEntry): void {
    if (this.#slotted.input) this.#slotted.remove(entry.result.file);
    else this.#files.remove(entry);
    // The button that had focus is gone; keep focus inside the widget.
    void this.updateComplete.then(() => this.#dropzone?.focus());
  }
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
