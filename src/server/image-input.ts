import { ImageGuardError } from '../errors.js';
import { guardedRequest } from './fetch-url.js';
import type { AddressRules } from './url-guard.js';

export interface ImageSource {
  hosts: readonly string[];
  addresses: AddressRules;
  maxImageBytes: number;
  fetchTimeoutMs: number;
}

/**
 * ContentMod's `image` field as bytes: an http(s) URL (fetched under the server's URL rules), a data URL, or
 * plain base64. Bounded by maxImageBytes before anything is decoded.
 */
export async function imageBytes(image: unknown, source: ImageSource): Promise<Uint8Array> {
  if (typeof image !== 'string' || image === '') {
    throw new ImageGuardError('invalid_input', '`image` must be a URL, a data URL or base64 text.');
  }
  if (/^https?:\/\//i.test(image)) {
    const { status, body } = await guardedRequest({
      url: image,
      hosts: source.hosts,
      addresses: source.addresses,
      what: 'image',
      timeoutMs: source.fetchTimeoutMs,
      maxBytes: source.maxImageBytes,
    });
    if (status !== 200) throw new ImageGuardError('fetch_failed', `The image URL answered HTTP ${status}.`);
    return new Uint8Array(body);
  }
  const dataUrl = /^data:[^,;]*(;[^,;]*)*?;base64,/i.exec(image);
  if (image.startsWith('data:') && !dataUrl) throw new ImageGuardError('invalid_input', 'A data URL `image` must be base64 (data:<type>;base64,...).');
  const base64 = dataUrl ? image.slice(dataUrl[0].length) : image;
  // 4 base64 characters hold 3 bytes: refused by its length before it is decoded.
  if (Math.floor((base64.length * 3) / 4) > source.maxImageBytes + 2) {
    throw new ImageGuardError('file_too_large', `The image is larger than ${source.maxImageBytes} bytes.`);
  }
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(base64.replace(/\s+/g, ''))) {
    throw new ImageGuardError('invalid_input', '`image` is neither an http(s) URL, a data URL nor base64.');
  }
  return new Uint8Array(Buffer.from(base64, 'base64'));
}
