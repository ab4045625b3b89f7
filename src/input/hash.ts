import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/**
 * SHA-256 of the original bytes as lowercase hex: the key a server uses to check that the file it received is the
 * one that was screened. WebCrypto where the page is a secure context; a pure-JS fallback where it is not
 * (WebCrypto is missing on plain-http pages such as a LAN address), so hashing never decides whether moderation works.
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle) {
    const digest = await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
    return bytesToHex(new Uint8Array(digest));
  }
  return bytesToHex(sha256(bytes));
}
