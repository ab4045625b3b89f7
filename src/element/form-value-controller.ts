import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { formValidity, uploadableFiles } from './file-state.js';
import type { FormValidity, ImageGuardFileResult } from './file-state.js';
import type { ImageGuardStrings } from './strings.js';

/** The element's form-related settings. */
export interface FormValueHost extends ReactiveControllerHost, HTMLElement {
  name: string | undefined;
  required: boolean;
  disabled: boolean;
  blockReview: boolean;
}

/** What the form controller reads from the rest of the element. */
export interface FormValueSource {
  results(): readonly ImageGuardFileResult[];
  /** The slotted input, which then is the form's real control: it submits the files and has its own `required`. */
  input(): HTMLInputElement | null;
  strings(): ImageGuardStrings;
  /** Where the browser points when it reports the element invalid. */
  anchor(): HTMLElement | undefined;
}

/**
 * The element as a form control (ElementInternals): after every update it sets its validity from the files' states,
 * mirrors the message onto a slotted input, and, without one, submits the files that may be uploaded under `name`.
 * Also tracks whether the browser considers it disabled.
 */
export class FormValueController implements ReactiveController {
  readonly internals: ElementInternals;
  readonly #host: FormValueHost;
  readonly #source: FormValueSource;
  /** The browser's word (formDisabledCallback): a disabled <fieldset> around the element, or its own attribute. */
  #formDisabled = false;

  constructor(host: FormValueHost, source: FormValueSource) {
    this.#host = host;
    this.#source = source;
    this.internals = host.attachInternals();
    host.addController(this);
  }

  /** Disabled by its own property (at once, before the attribute is reflected) or by a fieldset. */
  get disabled(): boolean {
    return this.#host.disabled || this.#formDisabled;
  }

  /** The browser disabled or enabled the element (formDisabledCallback). */
  formDisabled(disabled: boolean): void {
    this.#formDisabled = disabled;
    this.#host.requestUpdate();
  }

  /** What stops the form now, for the element's own rendering and for the browser. */
  get current(): FormValidity {
    const required = !this.#source.input() && this.#host.required;
    return formValidity(this.#source.results(), { blockReview: this.#host.blockReview, required }, this.#source.strings());
  }

  /** After the render, so that the validity anchor (the drop zone) exists. */
  hostUpdated(): void {
    const { message, flags } = this.current;
    this.#source.input()?.setCustomValidity(message);
    if (message) this.internals.setValidity(flags, message, this.#source.anchor());
    else this.internals.setValidity({});
    this.#updateFormValue();
  }

  #updateFormValue(): void {
    const { name } = this.#host;
    if (this.#source.input() || !name) {
      this.internals.setFormValue(null);
      return;
    }
    const data = new FormData();
    for (const file of uploadableFiles(this.#source.results(), { blockReview: this.#host.blockReview })) data.append(name, file);
    this.internals.setFormValue(data);
  }
}
