import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

// custom-elements.json is generated from the element's JSDoc and committed: it must match the code, and the code
// must document everything a page can use.

interface Declaration {
  tagName?: string;
  customElement?: boolean;
  attributes?: { name?: string }[];
  events?: { name?: string }[];
  cssParts?: { name?: string }[];
  cssProperties?: { name?: string }[];
  slots?: { name?: string }[];
}
interface Manifest {
  modules: { declarations?: Declaration[] }[];
}

const committed = JSON.parse(readFileSync('custom-elements.json', 'utf8')) as Manifest;
const element = committed.modules.flatMap((module) => module.declarations ?? []).find((declaration) => declaration.customElement);
const names = (list: { name?: string }[] | undefined) => (list ?? []).map((entry) => entry.name);

describe('custom-elements.json', () => {
  it('is what `npm run manifest` generates from the current code', () => {
    // The analyzer resolves --outdir against the working directory, even an absolute one: keep it relative.
    const outdir = join('node_modules', '.cache', 'image-guard-kit', 'cem');
    try {
      const run = spawnSync('npx', ['cem', 'analyze', '--outdir', outdir], { encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      const fresh = JSON.parse(readFileSync(join(outdir, 'custom-elements.json'), 'utf8'));
      expect(fresh, 'custom-elements.json is stale: run npm run manifest').toEqual(committed);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 60_000);

  it('documents the tag, every attribute, event, part, custom property and the slot', () => {
    expect(element?.tagName).toBe('image-guard');
    expect(names(element?.attributes)).toEqual(
      expect.arrayContaining(['policy', 'model-base-url', 'backend', 'name', 'required', 'disabled', 'multiple', 'accept', 'capture', 'block-review']),
    );
    expect(names(element?.events)).toEqual(expect.arrayContaining(['image-guard-verdict', 'image-guard-error', 'image-guard-progress']));
    expect(names(element?.cssParts)).toEqual(['dropzone', 'list', 'item', 'preview', 'status', 'reason', 'problem', 'remove']);
    expect(names(element?.cssProperties)).toEqual(expect.arrayContaining(['--image-guard-accent', '--image-guard-radius', '--image-guard-font']));
    expect(names(element?.slots)).toEqual(['']);
  });
});
