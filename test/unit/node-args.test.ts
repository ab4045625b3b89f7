import { describe, expect, it } from 'vitest';
import { parseCommand, UsageError } from '../../src/node/args.js';

describe('image-guard-kit command line', () => {
  it('verify with the defaults: every analyzer on, balanced, fail on review (closed), wasm first', () => {
    expect(parseCommand(['verify', 'a.jpg', 'b.png'])).toEqual({
      kind: 'verify',
      files: ['a.jpg', 'b.png'],
      json: false,
      policy: 'balanced',
      analyzers: { nsfw: true, faces: true, objects: true, text: true, quality: true },
      failOn: 'review',
      expectHash: null,
      backend: 'auto',
      timeoutMs: null,
    });
  });

  it('reads every option', () => {
    const hash = 'AB'.repeat(32);
    expect(
      parseCommand(['verify', 'a.jpg', '--json', '--policy', 'policy.json', '--no-nsfw', '--no-text', '--fail-on', 'reject', '--expect-hash', hash, '--backend', 'cpu', '--timeout-ms', '5000']),
    ).toMatchObject({
      json: true,
      policy: 'policy.json',
      analyzers: { nsfw: false, faces: true, objects: true, text: false, quality: true },
      failOn: 'reject',
      expectHash: hash.toLowerCase(),
      backend: 'cpu',
      timeoutMs: 5000,
    });
  });

  it('help and version', () => {
    expect(parseCommand(['--help'])).toEqual({ kind: 'help' });
    expect(parseCommand(['verify', '-h'])).toEqual({ kind: 'help' });
    expect(parseCommand(['--version'])).toEqual({ kind: 'version' });
  });

  it.each([
    [[], 'No command given'],
    [['check', 'a.jpg'], 'Unknown command "check"'],
    [['verify'], 'at least one image'],
    [['verify', 'a.jpg', '--fail-on', 'flag'], '--fail-on is reject or review'],
    [['verify', 'a.jpg', '--backend', 'webgl'], '--backend is wasm or cpu'],
    [['verify', 'a.jpg', '--expect-hash', 'abc'], '64 hexadecimal digits'],
    [['verify', 'a.jpg', 'b.jpg', '--expect-hash', 'a'.repeat(64)], 'exactly one'],
    [['verify', 'a.jpg', '--nsfw'], "Unknown option '--nsfw'"],
    [['verify', 'a.jpg', '--timeout-ms', '2.5'], '--timeout-ms takes a whole number'],
    [['verify', 'a.jpg', '--timeout-ms', '0'], '--timeout-ms takes a whole number'],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseCommand(argv)).toThrow(UsageError);
    expect(() => parseCommand(argv)).toThrow(message);
  });
});
