import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzerNames, analyzerOfFile, analyzerSpecs, runtimeFiles, TFJS_WASM_FOLDER } from '../../src/analyzers/registry.js';
import { locateOnDisk, nodeFileOnDisk, runtimeAssets } from '../../src/assets/npm.js';
import { parseCommand, USAGE } from '../../src/node/args.js';
import { inDependencyOrder } from '../../src/runtime/pipeline.js';

const root = join(import.meta.dirname, '../..');
const apiDoc = readFileSync(join(root, 'docs/API.md'), 'utf8');

/** `a{b,c}d` -> ['abd', 'acd'], as the docs write groups of files. */
function expandBraces(pattern: string): string[] {
  const match = /\{([^{}]*)\}/.exec(pattern);
  if (!match) return [pattern];
  return match[1]!.split(',').flatMap((choice) => expandBraces(pattern.replace(match[0], choice)));
}

describe('the analyzer registry', () => {
  it('names each analyzer once, in folders of their own', () => {
    expect(new Set(analyzerNames).size).toBe(analyzerNames.length);
    for (const name of analyzerNames) {
      expect(statSync(join(root, 'src/analyzers', name, 'spec.ts')).isFile()).toBe(true);
      expect(statSync(join(root, 'src/analyzers', name, 'load.ts')).isFile()).toBe(true);
    }
  });

  it('declares dependencies the pipeline can honour: registered, on the same frame, and run first', () => {
    for (const spec of analyzerSpecs) {
      for (const used of 'uses' in spec ? spec.uses : []) {
        const other = analyzerSpecs.find((candidate) => candidate.name === used);
        expect(other, `${spec.name} uses ${used}`).toBeDefined();
        expect(other!.frames).toBe(spec.frames);
      }
    }
    const order = inDependencyOrder(analyzerSpecs).map((spec) => spec.name);
    expect(order.indexOf('objects')).toBeLessThan(order.indexOf('faces'));
    // Without objects, faces runs in its own place.
    expect(inDependencyOrder(analyzerSpecs.filter((spec) => spec.name !== 'objects')).map((spec) => spec.name)).toEqual(
      analyzerNames.filter((name) => name !== 'objects'),
    );
  });

  it('has one file per path, each with a content type, and knows whose each is', () => {
    const files = runtimeFiles();
    expect(new Set(files.map((file) => file.path)).size).toBe(files.length);
    for (const spec of analyzerSpecs) {
      for (const file of spec.files) expect(analyzerOfFile(file.path)).toBe(spec.name);
    }
    for (const file of files.filter((candidate) => candidate.path.startsWith(TFJS_WASM_FOLDER))) {
      expect(analyzerOfFile(file.path)).toBe('backend');
    }
  });
});

describe('runtime files, read from their npm packages', () => {
  const assets = new Map(runtimeAssets().map((asset) => [asset.path, asset.read()]));

  it('are every declared file, none empty', () => {
    expect([...assets.keys()]).toEqual(runtimeFiles().map((file) => file.path));
    for (const [path, body] of assets) expect(body.length, path).toBeGreaterThan(100);
  });

  it('include every weights file the model files name (a missing one would only show as model_load_failed)', () => {
    const json = (path: string) => JSON.parse(assets.get(path)!.toString('utf8')) as { weightsManifest?: { paths: string[] }[] } & { paths: string[] }[];
    const beside = (path: string, names: string[]) => names.map((name) => path.slice(0, path.lastIndexOf('/') + 1) + name);
    const manifests = [...assets.keys()].filter((path) => path.endsWith('model.json') || path.startsWith('human/') && path.endsWith('.json'));
    expect(manifests.sort()).toEqual(['human/blazeface.json', 'human/centernet.json', 'nsfwjs/mobilenet_v2/model.json']);
    for (const path of manifests) {
      for (const weights of beside(path, json(path).weightsManifest!.flatMap((group) => group.paths))) expect(assets.has(weights), weights).toBe(true);
    }
    const faceManifests = [...assets.keys()].filter((candidate) => candidate.endsWith('-weights_manifest.json'));
    expect(faceManifests).toHaveLength(2);
    for (const path of faceManifests) {
      for (const weights of beside(path, json(path).flatMap((group) => group.paths))) expect(assets.has(weights), weights).toBe(true);
    }
  });

  it('are found on disk by Node: folders for tfjs wasm and tesseract, its own worker script', () => {
    expect(statSync(join(locateOnDisk(TFJS_WASM_FOLDER), 'tfjs-backend-wasm-simd.wasm')).isFile()).toBe(true);
    expect(nodeFileOnDisk('tesseract.js/worker.min.js')).toMatch(/tesseract\.js\/src\/worker-script\/node\/index\.js$/);
    expect(nodeFileOnDisk('face-api/age_gender_model.bin')).toBeNull();
  });
});

describe('what derives from the registry', () => {
  it("docs/API.md's analyzers table lists the registry's analyzers, in its order", () => {
    const rows = [...apiDoc.matchAll(/^\| `analyzers\.(\w+)` \|/gm)].map((match) => match[1]);
    expect(rows).toEqual(analyzerNames);
  });

  it("docs/API.md's table of runtime files lists exactly the registry's", () => {
    const table = apiDoc.slice(apiDoc.indexOf('| Path under `modelBaseUrl` |'));
    const rows = table.slice(0, table.indexOf('\n\n')).split('\n').slice(2);
    const documented = rows.flatMap((row) => [...row.split('|')[1]!.matchAll(/`([^`]+)`/g)].flatMap((match) => expandBraces(match[1]!)));
    expect(documented.sort()).toEqual(runtimeFiles().map((file) => file.path).sort());
  });

  it('the CLI has a --no-<name> switch per analyzer', () => {
    for (const name of analyzerNames) {
      expect(USAGE).toContain(`--no-${name}`);
      const command = parseCommand(['verify', 'a.jpg', `--no-${name}`]);
      expect(command.kind === 'verify' && command.analyzers).toEqual(Object.fromEntries(analyzerNames.map((other) => [other, other !== name])));
    }
  });

  it('nothing outside src/vite/ imports the Vite plugin', () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
      );
    const importers = sources(join(root, 'src'))
      .filter((file) => !relative(root, file).startsWith('src/vite/'))
      .filter((file) => /from '(\.\.\/)+vite\//.test(readFileSync(file, 'utf8')));
    expect(importers).toEqual([]);
  });
});
