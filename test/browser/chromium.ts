import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/**
 * The Chromium the browser tests drive. Playwright cannot download its own browser here, so we use the system
 * one: IMAGE_GUARD_CHROMIUM (or CHROMIUM_PATH) wins, then `chromium` / `chromium-browser` / `google-chrome` on the PATH.
 */
export function chromiumExecutable(): string {
  const fromEnv = process.env.IMAGE_GUARD_CHROMIUM ?? process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`IMAGE_GUARD_CHROMIUM points at ${fromEnv}, which does not exist.`);
    return fromEnv;
  }
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    } catch {
      // not on the PATH: try the next name
    }
  }
  throw new Error('No Chromium found. Install one (apt-get install -y chromium) or set IMAGE_GUARD_CHROMIUM to its path.');
}

/** Headless flags for a closed network: without the background-networking ones Chromium keeps dialling out. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
