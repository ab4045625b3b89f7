import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * The page's `<input type="file">` in the element's slot. It stays the form's real control, so the element's list
 * mirrors its `files`, and files dropped, pasted or removed in the element are written back into it. The drop zone
 * is the widget's one tab stop, so the input gives up its own while it is slotted.
 */
export class SlottedInputController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  /** Called with the input's files whenever they change (or a new input is adopted). */
  readonly #onFiles: (files: File[]) => void;
  #input: HTMLInputElement | null = null;
  /** Whether we put tabindex=-1 on the input, to undo it on release. */
  #tookTabStop = false;
  /** Where form `reset` events reach us: the document or shadow root the element is in. */
  #root: Node | null = null;

  constructor(host: ReactiveControllerHost & HTMLElement, onFiles: (files: File[]) => void) {
    this.#host = host;
    this.#onFiles = onFiles;
    host.addController(this);
    host.addEventListener('change', this.#onChange);
  }

  /** The slotted input; null when the element renders its own. */
  get input(): HTMLInputElement | null {
    return this.#input;
  }

  hostConnected(): void {
    this.#root = this.#host.getRootNode();
    this.#root.addEventListener('reset', this.#onReset);
    this.adopt();
  }

  hostDisconnected(): void {
    this.#root?.removeEventListener('reset', this.#onReset);
    this.#root = null;
  }

  /** Takes the first file input among the element's children (on connect and on `slotchange`). */
  adopt = (): void => {
    const input =
      [...this.#host.children].find(
        (child): child is HTMLInputElement => child instanceof HTMLInputElement && child.type === 'file',
      ) ?? null;
    if (input === this.#input) return;
    this.#release();
    this.#input = input;
    if (input && !input.hasAttribute('tabindex')) {
      input.tabIndex = -1;
      this.#tookTabStop = true;
    }
    if (input) this.#onFiles(filesOf(input));
    this.#host.requestUpdate();
  };

  /** Files dropped or pasted: added to a `multiple` input's files, or in place of a single input's file. */
  add(files: readonly File[]): void {
    const input = this.#input;
    if (input) this.#setFiles(input, input.multiple ? [...filesOf(input), ...files] : files.slice(0, 1));
  }

  /** The person removed a file in the element. */
  remove(file: File): void {
    const input = this.#input;
    if (input) this.#setFiles(input, filesOf(input).filter((other) => other !== file));
  }

  #release(): void {
    const input = this.#input;
    if (!input) return;
    input.setCustomValidity('');
    if (this.#tookTabStop) input.removeAttribute('tabindex');
    this.#tookTabStop = false;
    this.#input = null;
  }

  /** Replaces the input's files, firing the events a native input fires when the person changes them. */
  #setFiles(input: HTMLInputElement, files: readonly File[]): void {
    const transfer = new DataTransfer();
    for (const file of files) transfer.items.add(file);
    input.files = transfer.files;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }

  #onChange = (event: Event): void => {
    // `change` is not composed, so only the slotted input's reaches us here; the own input has its own listener.
    if (this.#input && event.target === this.#input) this.#onFiles(filesOf(this.#input));
  };

  #onReset = (event: Event): void => {
    // Reset fires before the form clears its controls, and microtasks would run before that: wait a task.
    const input = this.#input;
    if (input && event.target === input.form) {
      setTimeout(() => {
        if (this.#input === input) this.#onFiles(filesOf(input));
      });
    }
  };
}

function filesOf(input: HTMLInputElement): File[] {
  return [...(input.files ?? [])];
}
