import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { remote } from 'webdriverio';
import { chromiumArgs, chromiumExecutable, onPath } from '../../scripts/chromium.mjs';

// One small interface over the three engines' drivers, so the cross-engine suite reads the same for each:
// Chromium and Firefox through puppeteer-core (CDP, and WebDriver BiDi for Firefox), WebKit through classic
// WebDriver (webdriverio against WebKitWebDriver, or safaridriver for a real Safari). Every call that runs in the
// page takes a JavaScript expression as a string: no driver or transpiler rewrites it on the way.

export type EngineName = 'chromium' | 'firefox' | 'webkit';

export interface EngineSession {
  readonly engine: EngineName;
  /** The browser's name and version as its driver reports them. */
  readonly version: string;
  goto(url: string): Promise<void>;
  /**
   * The value of a synchronous `expression` in the page, through JSON: WebDriver BiDi sends an object met twice (the
   * policy every verdict of a guard shares) as a reference puppeteer leaves undefined. Poll for long work.
   */
  evaluate<T>(expression: string): Promise<T>;
  /** Puts files into the `<input type=file>` that `selector` (light DOM) finds, as a person picking them does. */
  setFiles(selector: string, paths: string[]): Promise<void>;
  click(selector: string): Promise<void>;
  close(): Promise<void>;
}

function fromJson<T>(text: unknown): T {
  return (typeof text === 'string' ? JSON.parse(text) : undefined) as T;
}

/** Polls `expression` until its value is truthy; throws with `what` after `timeoutMs`. */
export async function waitFor<T>(session: EngineSession, expression: string, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await session.evaluate<T>(expression);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${session.engine}: ${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The Firefox to drive: IMAGE_GUARD_FIREFOX, else firefox-esr or firefox on the PATH. */
export function firefoxExecutable(): string {
  const found = process.env.IMAGE_GUARD_FIREFOX ?? onPath('firefox-esr') ?? onPath('firefox');
  if (found && existsSync(found)) return found;
  throw new Error('No Firefox found. Install one (Debian/Ubuntu: apt-get install -y firefox-esr) or set IMAGE_GUARD_FIREFOX to its path.');
}

/**
 * The WebDriver server for WebKit and the browser it starts: IMAGE_GUARD_WEBKIT_DRIVER (WebKitWebDriver, or
 * safaridriver for a real Safari) and IMAGE_GUARD_MINIBROWSER, else WebKitGTK's from webkit2gtk-driver.
 */
export function webkitDriver(): { driver: string; miniBrowser: string | null } {
  const driver = process.env.IMAGE_GUARD_WEBKIT_DRIVER ?? onPath('WebKitWebDriver');
  if (!driver || !existsSync(driver)) {
    throw new Error(
      'No WebKit WebDriver found. Install WebKitGTK\'s (Debian/Ubuntu: apt-get install -y webkit2gtk-driver xvfb xauth), or set IMAGE_GUARD_WEBKIT_DRIVER (e.g. /usr/bin/safaridriver on a Mac).',
    );
  }
  if (basename(driver) === 'safaridriver') return { driver, miniBrowser: null };
  const miniBrowser = process.env.IMAGE_GUARD_MINIBROWSER ?? installedMiniBrowser();
  if (!miniBrowser || !existsSync(miniBrowser)) {
    throw new Error('No MiniBrowser found (it comes with libwebkit2gtk-4.1-0): set IMAGE_GUARD_MINIBROWSER to its path.');
  }
  return { driver, miniBrowser };
}

function installedMiniBrowser(): string | null {
  try {
    const files = execFileSync('dpkg', ['-L', 'libwebkit2gtk-4.1-0'], { encoding: 'utf8' }).split('\n');
    return files.find((file) => file.endsWith('/MiniBrowser')) ?? null;
  } catch {
    return null;
  }
}

export async function launch(engine: EngineName): Promise<EngineSession> {
  if (engine === 'webkit') return launchWebKit();
  const browser = await puppeteer.launch(
    engine === 'firefox'
      ? { browser: 'firefox', executablePath: firefoxExecutable(), headless: true, protocolTimeout: 240_000 }
      : { executablePath: chromiumExecutable(), args: chromiumArgs, headless: true, protocolTimeout: 240_000 },
  );
  const page = await browser.newPage();
  return puppeteerSession(engine, browser, page, await browser.version());
}

function puppeteerSession(engine: EngineName, browser: Browser, page: Page, version: string): EngineSession {
  return {
    engine,
    version,
    async goto(url) {
      await page.goto(url, { waitUntil: 'load' });
    },
    evaluate: async <T>(expression: string) => fromJson<T>(await page.evaluate(`JSON.stringify(${expression})`)),
    async setFiles(selector, paths) {
      const input = await page.$(selector);
      if (!input) throw new Error(`${engine}: no ${selector} on the page`);
      await (input as unknown as { uploadFile(...files: string[]): Promise<void> }).uploadFile(...paths);
    },
    async click(selector) {
      await page.click(selector);
    },
    close: () => browser.close(),
  };
}

/** A port nothing listens on now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

/**
 * WebKitGTK: WebKitWebDriver under a virtual display (without one, or without --automation, the session request
 * hangs); console output only with --enable-write-console-messages-to-stdout. A real Safari: safaridriver as it is.
 */
async function launchWebKit(): Promise<EngineSession> {
  const { driver, miniBrowser } = webkitDriver();
  const port = await freePort();
  const virtualDisplay = miniBrowser !== null && process.platform === 'linux' && onPath('xvfb-run');
  const command = virtualDisplay ? ['xvfb-run', '-a', driver, `--port=${port}`] : [driver, `--port=${port}`];
  // Its own process group, so closing ends the display server and the browser with it.
  const server: ChildProcess = spawn(command[0]!, command.slice(1), { detached: true, stdio: 'ignore' });
  const stopServer = () => {
    try {
      if (server.pid) process.kill(-server.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  };
  try {
    const browser = await remote({
      hostname: '127.0.0.1',
      port,
      logLevel: 'error',
      connectionRetryCount: 20,
      connectionRetryTimeout: 240_000,
      capabilities: miniBrowser
        ? ({
            browserName: 'MiniBrowser',
            'wdio:enforceWebDriverClassic': true,
            // WebKitGTK's own capability, which webdriverio's types do not list.
            'webkitgtk:browserOptions': { binary: miniBrowser, args: ['--automation'] },
          } as WebdriverIO.Capabilities)
        : { browserName: 'safari', 'wdio:enforceWebDriverClassic': true },
    });
    await browser.setTimeout({ script: 240_000, pageLoad: 120_000 });
    const caps = browser.capabilities as { browserName?: string; browserVersion?: string };
    return {
      engine: 'webkit',
      version: `${caps.browserName ?? 'WebKit'} ${caps.browserVersion ?? ''}`.trim(),
      async goto(url) {
        await browser.url(url);
      },
      evaluate: async <T>(expression: string) => fromJson<T>(await browser.execute(`return JSON.stringify(${expression});`)),
      async setFiles(selector, paths) {
        // Classic WebDriver puts files into an input as typed keys: the paths, one a line.
        await browser.$(selector).addValue(paths.join('\n'));
      },
      async click(selector) {
        await browser.$(selector).click();
      },
      async close() {
        try {
          await browser.deleteSession();
        } finally {
          stopServer();
        }
      },
    };
  } catch (error) {
    stopServer();
    throw error;
  }
}
