import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** One multipart POST as it arrived: its files (name and SHA-256 of the bytes) and its text fields. */
export interface ReceivedUpload {
  files: { field: string; name: string; sha256: string }[];
  fields: Record<string, string[]>;
}

/**
 * An upload endpoint for the widget tests: records every multipart POST to `path` and answers as a real endpoint
 * does, with JSON naming the stored file (XHRUpload reads its `url`; FilePond keeps the text as the server's file
 * id). `handle` plugs into serveStatic.
 */
export function uploadEndpoint(path = '/upload') {
  const received: ReceivedUpload[] = [];
  let count = 0;
  const handle = (request: IncomingMessage, response: ServerResponse): boolean => {
    if (request.method !== 'POST' || new URL(request.url ?? '/', 'http://host').pathname !== path) return false;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void record(Buffer.concat(chunks), request.headers['content-type'] ?? '').then(
        (upload) => {
          received.push(upload);
          count += 1;
          response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ id: `upload-${count}`, url: `/uploads/${count}` }));
        },
        (error: Error) => response.writeHead(400, { 'Content-Type': 'text/plain' }).end(error.message),
      );
    });
    return true;
  };
  return { handle, received };
}

async function record(body: Buffer, contentType: string): Promise<ReceivedUpload> {
  const form = await new Response(new Uint8Array(body), { headers: { 'Content-Type': contentType } }).formData();
  const upload: ReceivedUpload = { files: [], fields: {} };
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') {
      (upload.fields[field] ??= []).push(value);
    } else {
      const sha256 = createHash('sha256').update(Buffer.from(await value.arrayBuffer())).digest('hex');
      upload.files.push({ field, name: value.name, sha256 });
    }
  }
  return upload;
}
