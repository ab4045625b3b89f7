import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveGuardOptions, resolveVerifierOptions } from '../../src/config/resolve.js';
import { ImageGuardError } from '../../src/errors.js';

/** The error `resolve` throws, which must be invalid_options. */
function refusal(resolve: () => unknown): string {
  try {
    resolve();
  } catch (error) {
    expect(error).toBeInstanceOf(ImageGuardError);
    expect((error as ImageGuardError).code).toBe('invalid_options');
    return (error as ImageGuardError).message;
  }
  throw new Error('the options were accepted');
}

// The guard resolves modelBaseUrl against the page; in Node there is no page, so one is stood in.
beforeEach(() => vi.stubGlobal('location', { href: 'https://shop.example/app/upload.html' }));
afterEach(() => vi.unstubAllGlobals());

describe('resolveGuardOptions', () => {
  it('gives every default when nothing is passed', () => {
    const resolved = resolveGuardOptions();
    expect(resolved.analyzers).toEqual({
      nsfw: { model: 'mobilenet_v2', maxPasses: 4, turns: true },
      faces: true,
      objects: { minConfidence: 0.3, maxLabels: 10 },
      text: true,
      quality: true,
    });
    expect(resolved.modelBaseUrl).toBe('https://shop.example/image-guard-kit/');
    expect(resolved).toMatchObject({ backend: 'auto', timeoutMs: 60_000, cacheModels: true, onProgress: undefined });
    expect(resolved).toMatchObject({ initTimeoutMs: 180_000, fetchTimeoutMs: 30_000, fetchCredentials: 'omit' });
    expect(resolved.cache).toEqual({ name: 'image-guard-kit', maxEntries: 500 });
    expect(resolved.policy.name).toBe('balanced');
    expect(resolved.limits).toMatchObject({ maxBytes: 50_000_000, maxPixels: 50_000_000, maxFrames: 8 });
  });

  it('switches analyzers off with false, and takes their settings', () => {
    const resolved = resolveGuardOptions({
      analyzers: { nsfw: { model: 'mobilenet_v2', maxPasses: 1 }, faces: false, text: false, objects: { maxLabels: 3 }, quality: false },
    });
    expect(resolved.analyzers).toEqual({ nsfw: { model: 'mobilenet_v2', maxPasses: 1, turns: true }, faces: null, objects: { minConfidence: 0.3, maxLabels: 3 }, text: null, quality: null });
  });

  it('keeps options given as undefined at their defaults (the element passes them so)', () => {
    expect(resolveGuardOptions({ modelBaseUrl: undefined, backend: undefined, analyzers: { faces: undefined } }).analyzers.faces).toBe(true);
  });

  it('resolves modelBaseUrl against the page and ends it with a slash', () => {
    expect(resolveGuardOptions({ modelBaseUrl: 'models' }).modelBaseUrl).toBe('https://shop.example/app/models/');
    expect(resolveGuardOptions({ modelBaseUrl: '/static/ig/' }).modelBaseUrl).toBe('https://shop.example/static/ig/');
  });

  it.each<[string, unknown, string]>([
    ['an unknown option', { backendd: 'wasm' }, 'backendd is not an option; the options are analyzers, policy, modelBaseUrl, backend, limits, timeoutMs, initTimeoutMs, fetchTimeoutMs, fetchCredentials, cache, cacheModels, onProgress'],
    ['an unknown analyzer', { analyzers: { ocr: false } }, 'analyzers.ocr is not an option; the analyzers are nsfw, faces, objects, text, quality'],
    ['an analyzer switch that is not a boolean', { analyzers: { faces: 'no' } }, 'analyzers.faces must be true or false, got "no"'],
    ['an analyzer switch given as a number', { analyzers: { text: 0 } }, 'analyzers.text must be true or false, got 0'],
    ['analyzers that are not an object', { analyzers: ['nsfw'] }, 'analyzers must be an object, got an array'],
    ['an unknown NSFW model', { analyzers: { nsfw: { model: 'inception_v3' } } }, "analyzers.nsfw.model must be 'mobilenet_v2', got \"inception_v3\""],
    ['an unknown NSFW setting', { analyzers: { nsfw: { size: 299 } } }, 'analyzers.nsfw.size is not an option; its settings are model, maxPasses, turns'],
    ['turns that are not a boolean', { analyzers: { nsfw: { turns: 'yes' } } }, 'analyzers.nsfw.turns must be true or false, got "yes"'],
    ['no NSFW pass at all', { analyzers: { nsfw: { maxPasses: 0 } } }, 'analyzers.nsfw.maxPasses must be a whole number from 1 to 10, got 0'],
    ['a fraction of a pass', { analyzers: { nsfw: { maxPasses: 2.5 } } }, 'analyzers.nsfw.maxPasses must be a whole number from 1 to 10, got 2.5'],
    ['a string for the objects', { analyzers: { objects: 'yes' } }, 'analyzers.objects must be true, false or an object, got "yes"'],
    ['an unknown objects setting', { analyzers: { objects: { maxLabel: 3 } } }, 'analyzers.objects.maxLabel is not an option; its settings are maxLabels, minConfidence'],
    ['a bad objects setting', { analyzers: { objects: { maxLabels: '3' } } }, 'analyzers.objects.maxLabels must be a whole number from 1 to 80, got "3"'],
    ['a backend the browser does not have', { backend: 'gpu' }, "backend must be 'auto', 'wasm', 'webgl' or 'cpu', got \"gpu\""],
    ['a modelBaseUrl that is not a string', { modelBaseUrl: 42 }, 'modelBaseUrl must be a URL string, got 42'],
    ['a malformed modelBaseUrl', { modelBaseUrl: 'http://[::1' }, 'modelBaseUrl must be an absolute or page-relative URL, got "http://[::1"'],
    ['a negative timeoutMs', { timeoutMs: -5 }, 'timeoutMs must be a positive number of milliseconds, got -5'],
    ['a timeoutMs as a string', { timeoutMs: '60000' }, 'timeoutMs must be a positive number of milliseconds, got "60000"'],
    ['a zero initTimeoutMs', { initTimeoutMs: 0 }, 'initTimeoutMs must be a positive number of milliseconds, got 0'],
    ['an infinite fetchTimeoutMs', { fetchTimeoutMs: Infinity }, 'fetchTimeoutMs must be a positive number of milliseconds, got Infinity'],
    ['unknown fetchCredentials', { fetchCredentials: 'cookies' }, "fetchCredentials must be 'omit', 'same-origin' or 'include', got \"cookies\""],
    ['limits that are not an object', { limits: 5 }, 'limits must be an object, got 5'],
    ['a cache that is a string', { cache: 'yes' }, 'cache must be an object, got "yes"'],
    ['an unknown cache setting', { cache: { nme: 'db' } }, 'cache.nme is not an option; its settings are name, maxEntries'],
    ['a cacheModels that is not a boolean', { cacheModels: 'no' }, 'cacheModels must be true or false, got "no"'],
    ['an onProgress that is not a function', { onProgress: 'log' }, 'onProgress must be a function, got "log"'],
    ['options that are not an object', 'strict', 'The options must be an object, got "strict"'],
    ['null options', null, 'The options must be an object, got null'],
  ])('refuses %s, naming the path', (_what, options, message) => {
    expect(refusal(() => resolveGuardOptions(options))).toBe(message);
  });

  it('passes the limits to their own resolver, which refuses an unknown one by name', () => {
    expect(refusal(() => resolveGuardOptions({ limits: { maxByte: 10 } }))).toContain('limits.maxByte is not a limit');
  });

  it('passes the policy to its own resolver, whose messages name the setting', () => {
    expect(refusal(() => resolveGuardOptions({ policy: { nsfw: { explicit: { review: 2 } } } }))).toContain('policy.nsfw.explicit.review');
  });
});

describe('resolveVerifierOptions (Node)', () => {
  it('gives the same analyzers as the browser for the same options', () => {
    const options = { analyzers: { text: false, objects: { minConfidence: 0.5 } } };
    expect(resolveVerifierOptions(options).analyzers).toEqual(resolveGuardOptions(options).analyzers);
    expect(resolveVerifierOptions().backend).toBe('auto');
  });

  it('fails closed by default: a 20 s budget per file, and no verifier without every analyzer', () => {
    expect(resolveVerifierOptions()).toMatchObject({ timeoutMs: 20_000, allowLoadFailures: false });
    expect(resolveVerifierOptions({ timeoutMs: 5_000, allowLoadFailures: true })).toMatchObject({ timeoutMs: 5_000, allowLoadFailures: true });
    expect(refusal(() => resolveVerifierOptions({ timeoutMs: 0 }))).toBe('timeoutMs must be a positive number of milliseconds, got 0');
  });

  it.each<[string, unknown, string]>([
    ['webgl, which Node has no context for', { backend: 'webgl' }, "backend must be 'auto', 'wasm' or 'cpu' in Node, got \"webgl\""],
    ['a browser-only option', { modelBaseUrl: '/models/' }, 'modelBaseUrl is not an option; the options are analyzers, policy, backend, limits, timeoutMs, allowLoadFailures'],
    ['an unknown analyzer', { analyzers: { ocr: true } }, 'analyzers.ocr is not an option; the analyzers are nsfw, faces, objects, text, quality'],
  ])('refuses %s', (_what, options, message) => {
    expect(refusal(() => resolveVerifierOptions(options))).toBe(message);
  });
});
