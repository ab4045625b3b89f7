import { ImageGuardElement } from './element/image-guard.js';

// Importing this module is what registers <image-guard>; the core (src/index.ts) never touches the registry.
if (!customElements.get('image-guard')) customElements.define('image-guard', ImageGuardElement);

export { ImageGuardElement };
export type { ImageGuardFileResult, ImageGuardFileState } from './element/file-state.js';
export { ImageGuardErrorEvent, ImageGuardProgressEvent, ImageGuardVerdictEvent } from './element/events.js';
export type { ImageGuardErrorDetail, ImageGuardProgressDetail, ImageGuardVerdictDetail } from './element/events.js';
export { defaultStrings } from './element/strings.js';
export type { ImageGuardStrings } from './element/strings.js';

declare global {
  interface HTMLElementTagNameMap {
    'image-guard': ImageGuardElement;
  }
}
