/**
 * The language of the text read, by eld's extra-small model. Its 1 MB of n-grams become about 29 MB of JavaScript
 * heap once evaluated (measured in Node), which a photo without text never needs: so it is imported only once an
 * image's text is to be screened (`loadLanguageDetector`, awaited by the text analyzer and by the tests), not when
 * the worker starts, and a first visit that sees no text never downloads it.
 */
import type { eld as Eld } from 'eld/extrasmall';

let detector: typeof Eld | null = null;

/** Imports eld once; later calls return at once. */
export async function loadLanguageDetector(): Promise<void> {
  detector ??= (await import('eld/extrasmall')).eld;
}

/** ISO 639-1 from eld (already valid BCP 47), or 'und' when eld itself says its guess is not reliable. */
export function detectLanguage(content: string): string {
  if (!/\p{L}{2}/u.test(content)) return 'und';
  if (!detector) throw new Error('The language detector was used before loadLanguageDetector() resolved.');
  const result = detector.detect(content);
  return result.language && result.isReliable() ? result.language : 'und';
}
