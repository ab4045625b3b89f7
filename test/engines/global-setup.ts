import type { ProvidedContext } from 'vitest';
import type { TestProject } from 'vitest/node';
import { freePort, launch, waitFor } from './drivers.js';
import { demoPhotos, startApiRun, type ApiRun } from './page-scripts.js';
import { collectCspReports, startBuiltSite, startDevServer } from './servers.js';
import type { ContentRating } from '../../src/verdict/types.js';

// Once per run: the CSP report collector, the dev server, the built site, and the reference verdicts from
// Chromium (the engine the rest of the project is tested in) that Firefox and WebKit must match.

export interface ReferenceVerdict {
  url: string;
  rating: ContentRating;
  actions: { reject: boolean; review: boolean };
  ms: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    reportUrl: string;
    devOrigin: string;
    siteOrigin: string;
    chromium: { version: string; backend: string | null; initMs: number; photos: ReferenceVerdict[] };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const collector = await collectCspReports();
  const port = Number(process.env.IMAGE_GUARD_ENGINES_PORT) || (await freePort());
  const dev = await startDevServer(collector.url, port);
  const site = await startBuiltSite(collector.url);
  const teardown = async () => {
    await Promise.allSettled([dev.close(), site.close(), collector.close()]);
  };
  try {
    project.provide('reportUrl', collector.url);
    project.provide('devOrigin', dev.origin);
    project.provide('siteOrigin', site.origin);
    const chromium = await chromiumReference(dev.origin);
    console.log(
      `chromium (dev server, reference): backend ${chromium.backend}, start ${Math.round(chromium.initMs)} ms, ` +
        `per photo ${chromium.photos.map((photo) => Math.round(photo.ms)).join(', ')} ms`,
    );
    project.provide('chromium', chromium);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}

async function chromiumReference(origin: string): Promise<ProvidedContext['chromium']> {
  const session = await launch('chromium');
  try {
    await session.goto(`${origin}/test/browser/harness.html`);
    await waitFor(session, `document.body.dataset.ready === 'true'`, 'the harness page loading', 60_000);
    await session.evaluate(startApiRun(demoPhotos.map((path) => `/${path}`), [], 0));
    const run = await waitFor<ApiRun>(session, `window.__engines.done && window.__engines`, 'the reference run', 300_000);
    if (run.error || !run.photos) throw new Error(`Chromium reference run failed: ${run.error?.message}`);
    return {
      version: session.version,
      backend: run.diagnostics?.backend ?? null,
      initMs: run.initMs ?? 0,
      photos: run.photos.map(({ url, ms, verdict }) => ({ url, ms, rating: verdict.summary.contentRating, actions: verdict.suggestedActions })),
    };
  } finally {
    await session.close();
  }
}
