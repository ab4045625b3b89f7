import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ImageGuardErrorCode } from '../errors.js';

/** A request answered with an error: its HTTP status and a ContentMod-style `{ error: { code, message } }`. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

/** The HTTP status for each way an image cannot be checked. */
export const STATUS_BY_CODE: Record<ImageGuardErrorCode, number> = {
  invalid_input: 400,
  invalid_options: 400,
  empty_file: 400,
  file_too_large: 413,
  unsupported_format: 415,
  decode_failed: 422,
  dimensions_too_large: 422,
  fetch_failed: 422,
  timeout: 504,
  aborted: 503,
  disposed: 503,
  model_load_failed: 500,
  missing_dependency: 500,
  analysis_failed: 500,
};

/** The body, at most maxBytes (413 beyond, before more is read). */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(bodyTooLarge(maxBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    request.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxBytes) {
        reject(bodyTooLarge(maxBytes));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks, total)));
    request.on('error', reject);
  });
}

function bodyTooLarge(maxBytes: number): HttpError {
  return new HttpError(413, 'body_too_large', `The request body is larger than ${maxBytes} bytes (--max-body-bytes).`);
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

export function sendText(response: ServerResponse, status: number, text: string, contentType: string): void {
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
