import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const vendored = path.resolve(repoRoot, 'src/verdict/verdict.schema.json');
const shared = path.resolve(repoRoot, '../shared/contracts/verdict.schema.json');
// The shared contract sits beside the repo only in the team's workspace; a lone checkout has just the copy.
const exists = existsSync(shared);

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

describe('verdict contract', () => {
  it.skipIf(!exists)('the vendored schema is the shared contract, unchanged', () => {
    expect(readJson(vendored)).toEqual(readJson(shared));
  });
});
