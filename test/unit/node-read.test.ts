import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImageGuardError } from '../../src/errors.js';
import { readUploadFile } from '../../src/node/read-file.js';
import { RUNTIME_BASE_URL, runtimeFileFetch } from '../../src/node/asset-fetch.js';

// How the Node verifier takes in what it is given: uploads on disk (regular files only, read with a bound) and the
// model loaders' fetch (the package's files from disk, no server, nothing else).

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'image-guard-read-'));
  writeFileSync(join(dir, 'photo.jpg'), Buffer.alloc(1000, 7));
  symlinkSync(join(dir, 'photo.jpg'), join(dir, 'link.jpg'));
  execFileSync('mkfifo', [join(dir, 'pipe')]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function refusal(path: string, maxBytes = 50_000_000): Promise<string> {
  try {
    await readUploadFile(path, maxBytes);
    return 'read';
  } catch (error) {
    expect(error).toBeInstanceOf(ImageGuardError);
    return `${(error as ImageGuardError).code}: ${(error as ImageGuardError).message}`;
  }
}

describe('readUploadFile', () => {
  it('reads a regular file whole', async () => {
    expect(await readUploadFile(join(dir, 'photo.jpg'), 1000)).toEqual(new Uint8Array(1000).fill(7));
  });

  it('refuses a file over maxBytes by its size, unread', async () => {
    expect(await refusal(join(dir, 'photo.jpg'), 999)).toMatch(/^file_too_large: /);
  });

  it.each([
    ['link.jpg', 'a symbolic link'],
    ['pipe', 'a FIFO (named pipe)'],
    ['.', 'a folder'],
  ])('refuses %s: it is %s', async (name, what) => {
    const path = join(dir, name);
    expect(await refusal(path)).toBe(`invalid_input: ${path} is ${what}: the verifier reads regular files only.`);
  });

  it('refuses /dev/zero, which would never end and reports a size of 0', async () => {
    expect(await refusal('/dev/zero')).toBe('invalid_input: /dev/zero is a device: the verifier reads regular files only.');
  });

  it('says why a path cannot be read', async () => {
    expect(await refusal(join(dir, 'missing.jpg'))).toMatch(/^invalid_input: Could not read .*missing\.jpg: ENOENT/);
  });
});

describe('runtimeFileFetch', () => {
  const fetchFile = runtimeFileFetch([
    { path: 'models/a b.json', contentType: 'application/json', read: () => Buffer.from('{"ok":true}') },
  ]);

  it('answers a runtime file from its path, escapes decoded', async () => {
    const response = await fetchFile(`${RUNTIME_BASE_URL}models/a%20b.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ ok: true });
  });

  it('answers 404 for other paths, other methods and malformed escapes, and never throws on them', async () => {
    for (const path of ['models/missing.json', 'models/%zz', '%', '%E0%A4%A']) {
      expect((await fetchFile(RUNTIME_BASE_URL + path)).status, path).toBe(404);
    }
    expect((await fetchFile(`${RUNTIME_BASE_URL}models/a%20b.json`, { method: 'POST' })).status).toBe(404);
  });

  it('refuses any URL outside the runtime files: the verifier fetches nothing else', async () => {
    await expect(fetchFile('http://127.0.0.1:6205/models/a%20b.json')).rejects.toThrow(/fetches nothing but its own runtime files/);
    await expect(fetchFile('https://cdn.example/x.wasm')).rejects.toThrow(TypeError);
  });
});
