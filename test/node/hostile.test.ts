import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImageGuardError } from '../../src/errors.js';
import { DEFAULT_LIMITS, probeImage } from '../../src/input/probe.js';
import { decodeImage } from '../../src/node/decode.js';
import { buildCorpus } from '../support/corpus.js';
import { buildNodeCli } from '../support/node-cli.js';
import { blankPngAtLimit, gifFramePastScreen, longGif, oneCharacterPage } from '../support/server-attacks.js';

// The server's verifier fed what an attacker sends (issue 18): every file of the hostile corpus and the server
// attacks, through the real CLI in one batch. Each file is answered (a verdict or a typed error) in bounded time,
// the process's peak memory stays bounded, the files after a bad one are checked, nothing listens, and nothing is
// left running. Times are noisy on a shared machine, so the bounds are generous: a hang or a blow-up, not a
// slowdown, is what fails.

/**
 * The batch runs with a 30 s budget per file, so that small legitimate files are not cut on a loaded machine; each
 * answer must come within that plus a fresh analysis thread (2-4 s idle, far more when loaded), from the line before.
 */
const TIMEOUT_MS = 30_000;
const FILE_BOUND_MS = 90_000;
const PEAK_RSS_BOUND_MB = 1536;

let dir: string;
let cli: string;
const files: { path: string; expected: string }[] = [];

beforeAll(async () => {
  cli = buildNodeCli();
  dir = mkdtempSync(join(tmpdir(), 'image-guard-hostile-node-'));
  const add = (name: string, bytes: Uint8Array, expected: string) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    files.push({ path, expected });
  };
  for (const entry of await buildCorpus()) {
    // BMP is screened in the browser only (sharp cannot decode it).
    const expected = 'code' in entry.expected ? entry.expected.code : entry.name === 'bmp-24bit' ? 'unsupported_format' : 'verdict';
    add(`${entry.name}-${entry.fileName}`, entry.bytes, expected);
  }
  add('frame-past-screen.gif', gifFramePastScreen(), 'dimensions_too_large');
  add('long.gif', longGif(), 'dimensions_too_large');
  add('blank-7071.png', await blankPngAtLimit(), 'verdict or timeout');
  add('one-character-words.png', await oneCharacterPage(), 'verdict or timeout');
  execFileSync('mkfifo', [join(dir, 'upload.fifo')]);
  files.push({ path: join(dir, 'upload.fifo'), expected: 'invalid_input' });
  files.push({ path: '/dev/zero', expected: 'invalid_input' });
  symlinkSync('/etc/passwd', join(dir, 'link.jpg'));
  files.push({ path: join(dir, 'link.jpg'), expected: 'invalid_input' });
  // After every attack, an ordinary photo must still be checked.
  files.push({ path: join(process.cwd(), 'node_modules/cat-picture/cat.jpg'), expected: 'verdict' });
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  file: string;
  outcome: string;
  ms: number;
  /** The process's peak resident memory so far (VmHWM), in MB. */
  peakMb: number;
  /** Sockets the process was listening on when the line came. */
  listening: number;
}

/** VmHWM of a live process, in MB (0 once it has exited). */
function peakRss(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
  } catch {
    return 0;
  }
}

/** Listening TCP sockets (state 0A) among the process's open files. */
function listeningSockets(pid: number): number {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`, { encoding: 'utf8' });
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode) inodes.add(inode);
    }
  } catch {
    return 0;
  }
  let count = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[3] === '0A' && inodes.has(fields[9]!)) count++;
    }
  }
  return count;
}

describe('the CLI on hostile files, in one batch', () => {
  it('answers every file in bounded time and memory, checks the files after bad ones, leaves nothing behind', async () => {
    const answers: Answer[] = [];
    const started = performance.now();
    const child = spawn(process.execPath, [cli, 'verify', '--json', '--timeout-ms', String(TIMEOUT_MS), ...files.map((file) => file.path)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let last = started;
    let pending = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk;
      for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
        const line = JSON.parse(pending.slice(0, end)) as { file: string; verdict?: unknown; error?: { code: string } };
        pending = pending.slice(end + 1);
        const now = performance.now();
        answers.push({
          file: line.file,
          outcome: line.error ? line.error.code : 'verdict',
          ms: now - last,
          peakMb: peakRss(child.pid!),
          listening: listeningSockets(child.pid!),
        });
        last = now;
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const table = answers.map((a) => `${(a.ms / 1000).toFixed(1).padStart(6)} s ${a.peakMb.toFixed(0).padStart(5)} MB  ${a.outcome.padEnd(22)} ${a.file.split('/').pop()}`);
    console.log(`hostile Node batch: ${files.length} files in ${((performance.now() - started) / 1000).toFixed(0)} s, exit ${code}\n${table.join('\n')}`);

    expect(answers.map((a) => a.file), stderr).toEqual(files.map((file) => file.path));
    for (const [index, answer] of answers.entries()) {
      const expected = files[index]!.expected;
      const what = `${answer.file}: ${answer.outcome}`;
      if (expected === 'verdict or timeout') expect(['verdict', 'timeout'], what).toContain(answer.outcome);
      else expect(answer.outcome, what).toBe(expected);
      expect(answer.ms, what).toBeLessThan(FILE_BOUND_MS);
      expect(answer.peakMb, what).toBeLessThan(PEAK_RSS_BOUND_MB);
      expect(answer.listening, `${what}: a listening socket`).toBe(0);
    }
    // Files that could not be checked make the batch fail closed; the process exits on its own (nothing left running).
    expect(code).toBe(1);
  });
});

describe('fuzz: the Node decoder on mutated files', () => {
  it('always gives frames or a typed error, never anything else', async () => {
    const seeds = (await buildCorpus()).filter((entry) => 'image' in entry.expected && entry.name !== 'bmp-24bit');
    const mutated = fc.record({
      seed: fc.integer({ min: 0, max: seeds.length - 1 }),
      edits: fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 12 }),
      cut: fc.option(fc.nat(), { nil: undefined }),
    });
    const outcomes: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(mutated, async ({ seed, edits, cut }) => {
        const bytes = new Uint8Array(seeds[seed]!.bytes);
        for (const { at, value } of edits) bytes[at % bytes.length] = value;
        const input = cut === undefined ? bytes : bytes.subarray(0, 1 + (cut % bytes.length));
        try {
          const decoded = await decodeImage(input, probeImage(input, DEFAULT_LIMITS), DEFAULT_LIMITS.maxFrames);
          expect(decoded.frames.length).toBeGreaterThan(0);
          for (const frame of decoded.frames) {
            expect(frame.width * frame.height).toBeLessThanOrEqual(DEFAULT_LIMITS.maxPixels);
            frame.close();
          }
          outcomes.frames = (outcomes.frames ?? 0) + 1;
        } catch (error) {
          expect(error).toBeInstanceOf(ImageGuardError);
          const { code } = error as ImageGuardError;
          outcomes[code] = (outcomes[code] ?? 0) + 1;
        }
      }),
      { numRuns: 300, seed: 18 },
    );
    console.log(`Node decoder fuzz outcomes: ${JSON.stringify(outcomes)}`);
  });
});
