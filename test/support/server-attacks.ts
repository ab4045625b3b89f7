import sharp from 'sharp';

/**
 * Files made to hurt a server that verifies uploads (issue 18): each passes a check that trusts the header, and
 * costs minutes or gigabytes to a decoder that does not look further. Made from code, so every byte is known.
 */

/**
 * A 35-byte GIF whose logical screen is 1×1 and whose one frame is 16383×16383: decoders grow the canvas to the
 * frame, 268 megapixels (about 2 minutes and 3.2 GB in sharp before the probe read frame extents).
 */
export function gifFramePastScreen(frameSide = 16383): Uint8Array {
  const bytes = new Uint8Array(35);
  bytes.set([...'GIF89a'].map((c) => c.charCodeAt(0)));
  bytes.set([1, 0, 1, 0, 0, 0, 0], 6); // screen 1×1, no colour table
  bytes.set([0x2c, 0, 0, 0, 0, frameSide & 0xff, frameSide >> 8, frameSide & 0xff, frameSide >> 8, 0], 13);
  bytes.set([0x02, 0x02, 0x4c, 0x01, 0x00], 23); // LZW minimum code size 2, one sub-block of 2 bytes
  bytes[34] = 0x3b;
  return bytes;
}

/**
 * A GIF of `frames` frames of side×side, every frame only a clear code and an end code (nothing drawn): what a
 * probe counts is that of the 19 MB, 5000-frame 2048×2048 GIF of the issue (234-275 s in sharp), in 70 KB.
 */
export function longGif(frames = 5000, side = 2048): Uint8Array {
  const header = [...'GIF89a'].map((c) => c.charCodeAt(0));
  const screen = [side & 0xff, side >> 8, side & 0xff, side >> 8, 0x80, 0, 0, 0, 0, 0, 255, 255, 255];
  const frame = [0x2c, 0, 0, 0, 0, side & 0xff, side >> 8, side & 0xff, side >> 8, 0, 0x02, 0x01, 0x2c, 0x00];
  const bytes = new Uint8Array(header.length + screen.length + frames * frame.length + 1);
  bytes.set(header);
  bytes.set(screen, header.length);
  for (let i = 0; i < frames; i++) bytes.set(frame, header.length + screen.length + i * frame.length);
  bytes[bytes.length - 1] = 0x3b;
  return bytes;
}

/** A blank 7071×7071 PNG: 50.0 megapixels, just inside the default limit, so every analyzer resizes it (25 s). */
export async function blankPngAtLimit(side = 7071): Promise<Uint8Array> {
  return new Uint8Array(await sharp({ create: { width: side, height: side, channels: 3, background: '#fff' } }).png().toBuffer());
}

/**
 * A page of one-character words: OCR reads many low-confidence fragments and no anchored word, which sends it
 * through every fallback pass (94 s before OCR had a budget).
 */
export async function oneCharacterPage(): Promise<Uint8Array> {
  const [width, height, rows, perRow] = [1600, 2000, 45, 30];
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/>`;
  svg += '<g font-family="DejaVu Sans Mono, monospace" font-size="26" fill="#000">';
  for (let row = 0; row < rows; row++) {
    let line = '';
    for (let column = 0; column < perRow; column++) line += `${alphabet[(row * 7 + column * 13) % alphabet.length]} `;
    svg += `<text x="20" y="${40 + row * 43}" xml:space="preserve">${line}</text>`;
  }
  svg += '</g></svg>';
  return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}
