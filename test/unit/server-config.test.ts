import { describe, expect, it } from 'vitest';
import { parseServeArgs, ServeUsageError } from '../../src/server/config.js';

describe('serve settings', () => {
  it('defaults: loopback, no allowed hosts, no token, in-process queue', () => {
    const config = parseServeArgs([], {});
    if (config === 'help') throw new Error('unexpected help');
    expect(config.host).toBe('127.0.0.1');
    expect(config.allowHosts).toEqual([]);
    expect(config.allowAddresses).toEqual([]);
    expect(config.token).toBeNull();
    expect(config.redis).toBeNull();
    expect(config.queueSize).toBe(config.workers * 8);
    expect(Object.values(config.analyzers).every(Boolean)).toBe(true);
  });

  it('reads environment variables, and a flag wins over its variable', () => {
    const config = parseServeArgs(['--port', '7000', '--allow-host', 'a.example', '--allow-host', 'b.example,*.c.example'], {
      IMAGE_GUARD_PORT: '9000',
      IMAGE_GUARD_WORKERS: '3',
      IMAGE_GUARD_ALLOW_HOSTS: 'ignored.example',
      IMAGE_GUARD_REDIS: 'redis://127.0.0.1:6390',
      IMAGE_GUARD_NO_TEXT: '1',
    });
    if (config === 'help') throw new Error('unexpected help');
    expect(config.port).toBe(7000);
    expect(config.workers).toBe(3);
    expect(config.queueSize).toBe(24);
    expect(config.allowHosts).toEqual(['a.example', 'b.example', '*.c.example']);
    expect(config.redis).toBe('redis://127.0.0.1:6390');
    expect(config.analyzers.text).toBe(false);
    expect(config.analyzers.nsfw).toBe(true);
  });

  it('refuses bad values with a usage error naming the flag and its variable', () => {
    expect(() => parseServeArgs(['--workers', '0'], {})).toThrow(/--workers \(IMAGE_GUARD_WORKERS\)/);
    expect(() => parseServeArgs([], { IMAGE_GUARD_PORT: 'x' })).toThrow(ServeUsageError);
    expect(() => parseServeArgs(['--redis', 'http://x'], {})).toThrow(/redis:\/\//);
    expect(() => parseServeArgs(['--allow-address', '10.0.0.1'], {})).toThrow(/CIDR/);
    expect(() => parseServeArgs(['--allow-host', 'http://x.example/'], {})).toThrow(/host name/);
    expect(() => parseServeArgs(['--token', 'short'], {})).toThrow(/16/);
    expect(() => parseServeArgs(['--frobnicate'], {})).toThrow(ServeUsageError);
    expect(parseServeArgs(['--help'], {})).toBe('help');
  });
});
