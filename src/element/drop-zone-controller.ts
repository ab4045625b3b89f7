import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What the drop zone needs from the element. */
export interface DropZoneSource {
  disabled(): boolean;
  /** The file input the picker belongs to: the slotted one or the element's own. */
  picker(): HTMLInputElement | null;
  /** Files dropped or pasted. */
  add(files: File[]): void;
}

/**
 * The drop zone: a click, Enter or Space opens the file picker; files dragged over the element highlight it, and
 * files dropped or pasted anywhere on the element are added.
 */
export class DropZoneController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #source: DropZoneSource;
  /** dragenter/dragleave pairs still open: the children fire their own, so a boolean would flicker. */
  #depth = 0;

  constructor(host: ReactiveControllerHost & HTMLElement, source: DropZoneSource) {
    this.#host = host;
    this.#source = source;
    host.addController(this);
    host.addEventListener('dragenter', this.#onDragEnter);
    host.addEventListener('dragover', this.#onDragOver);
    host.addEventListener('dragleave', this.#onDragLeave);
    host.addEventListener('drop', this.#onDrop);
    host.addEventListener('paste', this.#onPaste);
  }

  /** Files are being dragged over the element. */
  get dragging(): boolean {
    return this.#depth > 0;
  }

  /** A drag that was under way when the element left the page ends without a dragleave. */
  hostDisconnected(): void {
    this.#depth = 0;
  }

  /** The drop zone's click handler. */
  open = (): void => {
    if (!this.#source.disabled()) this.#source.picker()?.click();
  };

  /** The drop zone's keydown handler: it is a role=button, so Enter and Space activate it. */
  onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    this.open();
  };

  #onDragEnter = (event: DragEvent): void => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    this.#depth++;
    this.#host.requestUpdate();
  };

  #onDragOver = (event: DragEvent): void => {
    if (!hasFiles(event) || !event.dataTransfer) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  };

  #onDragLeave = (event: DragEvent): void => {
    if (!hasFiles(event) || this.#depth === 0) return;
    this.#depth--;
    this.#host.requestUpdate();
  };

  #onDrop = (event: DragEvent): void => {
    const files = [...(event.dataTransfer?.files ?? [])];
    this.#depth = 0;
    this.#host.requestUpdate();
    if (files.length === 0) return;
    // Also keeps the browser from opening the image, and a native input from taking the drop its own way.
    event.preventDefault();
    this.#source.add(files);
  };

  #onPaste = (event: ClipboardEvent): void => {
    const files = [...(event.clipboardData?.files ?? [])];
    if (files.length === 0) return;
    event.preventDefault();
    this.#source.add(files);
  };
}

function hasFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}
