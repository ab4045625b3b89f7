// Finds the Chromium the browser tests and the bench drive. Playwright cannot download its own browser here, so
// we use the system one: IMAGE_GUARD_CHROMIUM (or CHROMIUM_PATH) wins, then chromium / chromium-browser /
// google-chrome on the PATH. Plain JavaScript with Node built-ins only: scripts/setup.mjs uses it before
// any dependency is installed.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** @returns {string | null} the path of a command on the PATH, or null */
export function onPath(name) {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** @returns {string | null} the Chromium to use, or null when there is none */
export function findChromium() {
  const fromEnv = process.env.IMAGE_GUARD_CHROMIUM ?? process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  for (const name of NAMES) {
    const found = onPath(name);
    if (found) return found;
  }
  return null;
}

/** @returns {string} the Chromium to use; throws with what to do when there is none */
export function chromiumExecutable() {
  const found = findChromium();
  if (found) return found;
  throw new Error(
    'No Chromium found. Install one (Debian/Ubuntu: apt-get install -y chromium) or set IMAGE_GUARD_CHROMIUM to its path.',
  );
}

/** Headless flags for a closed network: without the background-networking ones Chromium keeps dialling out. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
