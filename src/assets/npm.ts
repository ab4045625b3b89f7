/**
 * The runtime files of the registry (analyzers/registry.ts), read straight from their npm packages. Node-only:
 * the Vite plugin serves and emits them, `runtimeAssets()` hands them to apps without Vite, and the Node verifier
 * hands them to its loaders' fetch (no server) and runs tesseract's from disk. Never imported by browser code.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { NpmFile } from '../analyzers/contract.js';
import { runtimeFiles } from '../analyzers/registry.js';
import { packedPaths } from '../runtime/packed.js';

export interface RuntimeAsset {
  /** Path under the model base URL, e.g. 'nsfwjs/mobilenet_v2/model.json'. */
  path: string;
  contentType: string;
  read(): Buffer;
}

const require = createRequire(import.meta.url);

/**
 * Every runtime file, as the browser fetches it under `modelBaseUrl`: the tfjs weights gzipped (runtime/packed.ts),
 * which the analysis worker unpacks. `packed: false` gives them as their packages hold them (the Node verifier).
 */
export function runtimeAssets({ packed = true }: { packed?: boolean } = {}): RuntimeAsset[] {
  return runtimeFiles().map((file) => {
    let gzipped: Buffer | undefined;
    // Packing the 5.6 MB SSD file takes a while: once per asset, on first read.
    const read =
      packed && packedPaths.has(file.path)
        ? () => (gzipped ??= gzipSync(readNpmFile(file.npm), { level: 9 }))
        : () => readNpmFile(file.npm);
    return { path: file.path, contentType: file.contentType, read };
  });
}

/** The folder of runtime files at `path` (ending in '/') on disk, as the browser's copies are laid out in it. */
export function locateOnDisk(folder: string): string {
  const inFolder = runtimeFiles().filter((file) => file.path.startsWith(folder));
  if (inFolder.length === 0) throw new Error(`image-guard-kit: no runtime file is declared under ${folder}.`);
  // Where a file is served under its npm name, the folder is its path on disk less that name; where none is (the
  // tesseract core loaders are served under the names of its embedded builds: analyzers/text/spec.ts), its folder.
  const sameName = inFolder.find((file) => file.npm.file.endsWith(file.path.slice(folder.length)));
  if (!sameName) return `${dirname(npmFilePath(inFolder[0]!.npm))}/`;
  const onDisk = npmFilePath(sameName.npm);
  return onDisk.slice(0, onDisk.length - (sameName.path.length - folder.length));
}

/** The file Node runs instead of the browser's at `path` (tesseract's worker_threads script), or null. */
export function nodeFileOnDisk(path: string): string | null {
  const own = runtimeFiles().find((file) => file.path === path)?.node;
  return own ? npmFilePath(own) : null;
}

function readNpmFile(source: NpmFile): Buffer {
  const path = npmFilePath(source);
  switch (source.decode) {
    case 'umd-json':
      return Buffer.from(JSON.stringify(require(path)));
    case 'umd-base64':
      return Buffer.from(require(path) as string, 'base64');
    case undefined:
      return readFileSync(path);
  }
}

function npmFilePath(source: NpmFile): string {
  const root = packageRoot(source.package, source.within ? packageRoot(source.within) : undefined);
  return join(root, source.file);
}

/**
 * The root folder of an installed package, even when its `exports` map hides package.json. `from` resolves a
 * dependency of a dependency from that package's folder, where npm may have nested it.
 */
export function packageRoot(name: string, from?: string): string {
  let dir = dirname(require.resolve(name, from ? { paths: [from] } : undefined));
  while (!existsSync(join(dir, 'package.json')) || readPackageName(dir) !== name) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`image-guard-kit: cannot find the folder of the npm package ${name}.`);
    dir = parent;
  }
  return dir;
}

function readPackageName(dir: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name;
  } catch {
    return undefined;
  }
}
