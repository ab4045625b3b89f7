import { createServer as createHttpServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, createServer as createViteServer } from 'vite';
import { serveStatic } from '../support/static-server.js';

// What the cross-engine suite runs against: the Vite dev server and the built site on a plain static host, both
// under a Content-Security-Policy that allows only the page's own origin and reports anything else to a
// collector. A report is how "no request leaves the origin" is seen in every engine alike, workers included (a
// worker's policy comes with its script's response, which carries the same header): classic WebDriver shows no
// network traffic.

export interface Target {
  name: 'dev server' | 'built site';
  origin: string;
  close(): Promise<void>;
}

export interface ReportCollector {
  /** Browsers POST reports here; a GET answers every report so far, as JSON strings (directive and blocked URL). */
  url: string;
  close(): Promise<void>;
}

/** The reports the collector at `url` has received, in order. */
export async function cspReports(url: string): Promise<string[]> {
  return (await fetch(url)).json() as Promise<string[]>;
}

export async function collectCspReports(): Promise<ReportCollector> {
  const reports: string[] = [];
  const server = createHttpServer((request, response) => {
    if (request.method === 'GET') return void response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(reports));
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      reports.push(describeReport(body));
      // The browser sends reports cross-origin: let it read the answer, or it retries.
      response.writeHead(204, { 'Access-Control-Allow-Origin': '*' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function describeReport(body: string): string {
  try {
    const parsed = JSON.parse(body) as { 'csp-report'?: Record<string, string> } | { body?: Record<string, string> }[];
    const report = Array.isArray(parsed) ? parsed[0]?.body : parsed['csp-report'];
    if (report) {
      const blocked = report['blocked-uri'] ?? report.blockedURL ?? '?';
      const directive = report['violated-directive'] ?? report.effectiveDirective ?? '?';
      return `${directive} blocked ${blocked}`;
    }
  } catch {
    // Not JSON: kept as it came.
  }
  return body.slice(0, 300);
}

/**
 * Own origin only, whatever the kind of request; the built site gets the strict policy of docs/SECURITY.md (no
 * inline script, no eval), the dev server what Vite's client needs besides (its inline module scripts, its
 * websocket).
 */
function policy(reportUrl: string, kind: Target['name'], devPort?: number): string {
  const common = [
    "default-src 'self'",
    "img-src 'self' blob: data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `report-uri ${reportUrl}`,
  ];
  if (kind === 'built site') {
    return [...common, "script-src 'self' 'wasm-unsafe-eval'", "worker-src 'self'", "connect-src 'self'", "style-src 'self'"].join('; ');
  }
  return [
    ...common,
    "script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'",
    "worker-src 'self'",
    `connect-src 'self' ws://127.0.0.1:${devPort}`,
    "style-src 'self' 'unsafe-inline'",
  ].join('; ');
}

/** The repository's Vite config (our plugin included), HMR off so nothing reloads a page under test. */
export async function startDevServer(reportUrl: string, port: number): Promise<Target> {
  const server = await createViteServer({
    logLevel: 'warn',
    server: { port, strictPort: true, host: '127.0.0.1', hmr: false, headers: { 'Content-Security-Policy': policy(reportUrl, 'dev server', port) } },
  });
  await server.listen();
  const origin = `http://127.0.0.1:${port}`;
  // Transformed once before any browser asks, so the first page does not wait on the dependency optimiser.
  await fetch(`${origin}/src/index.ts`);
  return { name: 'dev server', origin, close: () => server.close() };
}

/** `npm run build`'s site (the repository's config), built into a temporary folder and served as any host would. */
export async function startBuiltSite(reportUrl: string): Promise<Target> {
  const outDir = mkdtempSync(join(tmpdir(), 'image-guard-engines-'));
  await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server = await serveStatic(outDir, { headers: () => ({ 'Content-Security-Policy': policy(reportUrl, 'built site') }) });
  return {
    name: 'built site',
    origin: server.origin,
    async close() {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
