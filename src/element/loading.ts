/**
 * When the element's guard starts loading its models (the `loading` attribute), so that on a first visit the
 * download runs while the visitor is still reading the page, not after the pick:
 * - 'eager': as soon as the element is on the page;
 * - 'visible' (the default): when the element first comes into view (IntersectionObserver), so a page whose
 *   picker is never scrolled to downloads nothing;
 * - 'interaction': on the first pointer over it, focus inside it or file dragged onto it;
 * - 'manual': only when the page calls `preload()` (or at the first file, as with every mode).
 * Pure: the element wires it (loading-controller.ts).
 */
export type LoadingMode = 'eager' | 'visible' | 'interaction' | 'manual';

export const loadingModes: readonly LoadingMode[] = ['eager', 'visible', 'interaction', 'manual'];

export const defaultLoading: LoadingMode = 'visible';

/** The attribute's value as a mode: a missing or unknown value is the default, as unknown enumerated HTML values are. */
export function loadingMode(value: string | null | undefined): LoadingMode {
  const normalised = value?.trim().toLowerCase();
  return loadingModes.find((mode) => mode === normalised) ?? defaultLoading;
}

/** The events that count as the first interaction for 'interaction' (a keyboard user focuses, a drag enters). */
export const interactionEvents = ['pointerenter', 'focusin', 'dragenter'] as const;
