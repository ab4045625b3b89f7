import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};

export interface StaticServer {
  /** e.g. http://127.0.0.1:40123 */
  origin: string;
  close(): Promise<void>;
}

/**
 * A plain static file server, as any static host is: files under `root` served at `prefix`, no SPA fallback, no
 * special headers beyond the content type and what `headers()` adds per request.
 */
export async function serveStatic(
  root: string,
  {
    prefix = '/',
    headers = () => ({}),
    handle,
  }: {
    prefix?: string;
    headers?: () => Record<string, string>;
    /** A route of the test's own (an upload endpoint): returns true when it answered the request. */
    handle?: (request: IncomingMessage, response: ServerResponse) => boolean;
  } = {},
): Promise<StaticServer> {
  const server = createServer((request, response) => {
    if (handle?.(request, response)) return;
    const path = new URL(request.url ?? '/', 'http://host').pathname;
    if (!path.startsWith(prefix)) return void response.writeHead(404).end();
    const relative = normalize(decodeURIComponent(path.slice(prefix.length)) || 'index.html');
    const file = join(root, relative.endsWith('/') ? `${relative}index.html` : relative);
    if (!file.startsWith(root) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      return void response.writeHead(404).end();
    }
    response.writeHead(200, { 'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', ...headers() });
    response.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    origin: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
