import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

// The package as an app developer gets it: `npm pack` of this repository, installed into a new app outside it.
// Shared by the specs that build apps on the published package (package.spec.ts, widgets.spec.ts).

export const repo = resolve('.');

/** Runs a command in `cwd`, failing the test with its output when it fails. */
export function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: '' } });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

/** The repository's own pinned version of a dev dependency, so the fresh app builds with what the repo tests. */
export function devVersion(name: string): string {
  const ours = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  const version = ours.devDependencies[name];
  if (!version) throw new Error(`${name} is not a devDependency of this repository`);
  return version;
}

/**
 * Packs the repository into `app` (prepack builds dist/ first, as for `npm publish`), writes the app's package.json
 * with the tarball and `dependencies`, installs, and returns the tarball's path.
 */
export function installPackedApp(app: string, dependencies: Record<string, string>): string {
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', app], repo)) as { filename: string }[];
  const filename = packed[0]!.filename;
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({
      name: 'fresh-app',
      private: true,
      type: 'module',
      dependencies: { 'image-guard-kit': `file:./${filename}`, ...dependencies },
      devDependencies: { vite: devVersion('vite'), typescript: devVersion('typescript') },
    }),
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], app);
  return join(app, filename);
}
