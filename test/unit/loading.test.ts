import { describe, expect, it } from 'vitest';
import { defaultLoading, interactionEvents, loadingMode, loadingModes } from '../../src/element/loading.js';

describe('the element loading attribute', () => {
  it('reads each mode, whatever its case and spacing', () => {
    for (const mode of loadingModes) expect(loadingMode(mode)).toBe(mode);
    expect(loadingMode(' Eager ')).toBe('eager');
    expect(loadingMode('MANUAL')).toBe('manual');
  });

  it('is "visible" when missing or unknown, as unknown enumerated HTML values fall back', () => {
    expect(defaultLoading).toBe('visible');
    for (const value of [undefined, null, '', 'lazy', 'true']) expect(loadingMode(value)).toBe('visible');
  });

  it('counts pointer, keyboard focus and a drag as the first interaction', () => {
    expect([...interactionEvents]).toEqual(['pointerenter', 'focusin', 'dragenter']);
  });
});
