/**
 * The size OCR reads at. Tesseract reads glyphs 20-40 px tall best: small images (a cropped sign, a 300 px banner)
 * are scaled up so their text gets there; large photos are scaled down to 2,000 px, where text still reads and
 * a pass costs about a second.
 */
export function ocrSize(width: number, height: number): { width: number; height: number } {
  const longest = Math.max(width, height);
  const scale = longest < 1000 ? Math.min(3, 1000 / longest) : Math.min(1, 2000 / longest);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}
