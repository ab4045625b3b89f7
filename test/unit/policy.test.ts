import { describe, expect, it } from 'vitest';
import { ImageGuardError } from '../../src/errors.js';
import { defaultPresetName, presets, resolvePolicy } from '../../src/policy/index.js';
import type { Policy, PolicyInput } from '../../src/policy/index.js';

function expectDeepFrozen(policy: Policy): void {
  const { nsfw, text, rating } = policy;
  for (const part of [policy, nsfw, nsfw.explicit, nsfw.suggestive, policy.minors, text, text.toxicity, text.spam, policy.privacy, rating]) {
    expect(Object.isFrozen(part)).toBe(true);
  }
}

/** Resolves a policy a caller typed by hand (wrong types included) and returns the error it throws. */
function errorFor(input: unknown): ImageGuardError {
  try {
    resolvePolicy(input as PolicyInput);
  } catch (error) {
    expect(error).toBeInstanceOf(ImageGuardError);
    return error as ImageGuardError;
  }
  throw new Error(`resolvePolicy accepted ${JSON.stringify(input)}`);
}

function expectInvalid(input: unknown, message: string): void {
  const error = errorFor(input);
  expect(error.code).toBe('invalid_options');
  expect(error.message).toBe(message);
}

describe('presets', () => {
  it('balanced is the default and never acts on suggestive content alone', () => {
    expect(defaultPresetName).toBe('balanced');
    expect(presets.balanced).toEqual({
      name: 'balanced',
      nsfw: { explicit: { review: 0.5, reject: 0.8 }, suggestive: { review: null, reject: null } },
      minors: { age: 18, withSexualContent: 'reject', alone: null },
      text: { toxicity: { review: 0.5, reject: 0.9 }, spam: { review: 0.5, reject: null }, personalData: 'review' },
      privacy: { location: null },
      onModelError: 'review',
      quality: { action: 'review', sharpness: 0.03, exposure: 0.1, resolution: null, noise: null },
      rating: { pg: 0.25, pg13: 0.6 },
    });
  });

  it('strict acts on suggestive content and lowers every step', () => {
    expect(presets.strict).toEqual({
      name: 'strict',
      nsfw: { explicit: { review: 0.3, reject: 0.6 }, suggestive: { review: 0.5, reject: 0.85 } },
      minors: { age: 18, withSexualContent: 'reject', alone: null },
      text: { toxicity: { review: 0.3, reject: 0.6 }, spam: { review: 0.4, reject: 0.8 }, personalData: 'review' },
      privacy: { location: 'review' },
      onModelError: 'reject',
      quality: { action: 'review', sharpness: 0.1, exposure: 0.25, resolution: 0.1, noise: 0.1 },
      rating: { pg: 0.15, pg13: 0.4 },
    });
  });

  it('permissive only stops what is plainly explicit', () => {
    expect(presets.permissive).toEqual({
      name: 'permissive',
      nsfw: { explicit: { review: 0.7, reject: 0.9 }, suggestive: { review: null, reject: null } },
      minors: { age: 18, withSexualContent: 'reject', alone: null },
      text: { toxicity: { review: 0.8, reject: 0.95 }, spam: { review: 0.8, reject: null }, personalData: 'review' },
      privacy: { location: null },
      onModelError: 'review',
      quality: { action: 'review', sharpness: null, exposure: null, resolution: null, noise: null },
      rating: { pg: 0.35, pg13: 0.75 },
    });
  });

  it('are deep-frozen, and so is the table of them', () => {
    expect(Object.isFrozen(presets)).toBe(true);
    for (const preset of Object.values(presets)) expectDeepFrozen(preset);
  });

  it('balanced leaves party photos and close-up faces alone (nsfwjs: sexy 0.85-0.95, porn 0.15-0.3)', () => {
    const { explicit } = presets.balanced.nsfw;
    expect(explicit.review).toBeGreaterThan(0.3);
    expect(presets.balanced.nsfw.suggestive).toEqual({ review: null, reject: null });
  });
});

describe('resolvePolicy: choosing a preset', () => {
  it('gives balanced when nothing is passed', () => {
    expect(resolvePolicy()).toEqual(presets.balanced);
    expect(resolvePolicy(undefined).name).toBe('balanced');
  });

  it.each(['balanced', 'strict', 'permissive'] as const)('gives the %s preset by name', (name) => {
    const policy = resolvePolicy(name);
    expect(policy).toEqual(presets[name]);
    expect(policy.name).toBe(name);
  });

  it('returns a new deep-frozen object, never the shared preset itself', () => {
    const policy = resolvePolicy('strict');
    expect(policy).not.toBe(presets.strict);
    expect(policy.nsfw.explicit).not.toBe(presets.strict.nsfw.explicit);
    expectDeepFrozen(policy);
    expectDeepFrozen(resolvePolicy());
  });

  it('keeps the preset name for an object that sets no value', () => {
    expect(resolvePolicy({})).toEqual(presets.balanced);
    expect(resolvePolicy({ preset: 'strict' })).toEqual(presets.strict);
    expect(resolvePolicy({ preset: 'permissive', nsfw: {}, rating: {} }).name).toBe('permissive');
    expect(resolvePolicy({ nsfw: { explicit: {}, suggestive: {} } }).name).toBe('balanced');
  });

  it('treats undefined values as not given', () => {
    expect(resolvePolicy({ preset: undefined, nsfw: { explicit: { review: undefined } } })).toEqual(presets.balanced);
  });
});

describe('text policy', () => {
  it('personal data asks for review in every preset; only strict rejects abusive text outright at 0.6', () => {
    for (const preset of Object.values(presets)) expect(preset.text.personalData).toBe('review');
    expect(presets.strict.text.toxicity.reject).toBeLessThan(presets.balanced.text.toxicity.reject!);
    expect(presets.balanced.text.spam.reject).toBeNull();
  });

  it('merges text thresholds and the personal data action over the preset', () => {
    const policy = resolvePolicy({ text: { spam: { reject: 0.9 }, personalData: 'reject' } });
    expect(policy.name).toBe('custom');
    expect(policy.text).toEqual({
      toxicity: { review: 0.5, reject: 0.9 },
      spam: { review: 0.5, reject: 0.9 },
      personalData: 'reject',
    });
    expect(resolvePolicy({ text: { personalData: null } }).text.personalData).toBeNull();
    expectDeepFrozen(policy);
  });

  it('validates text settings with their path', () => {
    expectInvalid(
      { text: { toxicity: { review: 1.2 } } },
      'policy.text.toxicity.review must be a number from 0 to 1 or null, got 1.2',
    );
    expectInvalid(
      { text: { spam: { review: 0.9, reject: 0.6 } } },
      'policy.text.spam.review (0.9) must not be above policy.text.spam.reject (0.6)',
    );
    expectInvalid({ text: { personalData: 'block' } } as never, 'policy.text.personalData must be one of "review", "reject", null, got "block"');
    expectInvalid(
      { text: { profanity: {} } } as never,
      'policy.text.profanity is not a policy setting (expected one of: toxicity, spam, personalData)',
    );
  });
});

describe('resolvePolicy: merging', () => {
  it('merges a partial policy over its preset and calls it custom', () => {
    const policy = resolvePolicy({ preset: 'strict', nsfw: { suggestive: { review: 0.7 } } });
    expect(policy).toEqual({
      name: 'custom',
      nsfw: { explicit: { review: 0.3, reject: 0.6 }, suggestive: { review: 0.7, reject: 0.85 } },
      minors: { age: 18, withSexualContent: 'reject', alone: null },
      text: { toxicity: { review: 0.3, reject: 0.6 }, spam: { review: 0.4, reject: 0.8 }, personalData: 'review' },
      privacy: { location: 'review' },
      onModelError: 'reject',
      quality: { action: 'review', sharpness: 0.1, exposure: 0.25, resolution: 0.1, noise: 0.1 },
      rating: { pg: 0.15, pg13: 0.4 },
    });
    expectDeepFrozen(policy);
  });

  it('merges the minors settings: a possible minor alone can be made a review, the age and the action changed', () => {
    const policy = resolvePolicy({ minors: { alone: 'review', age: 16 } });
    expect(policy.minors).toEqual({ age: 16, withSexualContent: 'reject', alone: 'review' });
    expect(policy.name).toBe('custom');
    expect(resolvePolicy({ preset: 'strict', minors: { withSexualContent: null } }).minors.withSexualContent).toBeNull();
    expectDeepFrozen(policy);
  });

  it('merges over balanced when no preset is named', () => {
    expect(resolvePolicy({ rating: { pg13: 0.7 } })).toEqual({
      ...presets.balanced,
      name: 'custom',
      quality: { action: 'review', sharpness: 0.03, exposure: 0.1, resolution: null, noise: null },
      rating: { pg: 0.25, pg13: 0.7 },
    });
  });

  it('lets null switch an action off', () => {
    const policy = resolvePolicy({ nsfw: { explicit: { review: null } } });
    expect(policy.nsfw.explicit).toEqual({ review: null, reject: 0.8 });
    expect(policy.name).toBe('custom');
  });

  it('lets null switch a signal off entirely, even in strict', () => {
    const policy = resolvePolicy({ preset: 'strict', nsfw: { suggestive: { review: null, reject: null } } });
    expect(policy.nsfw.suggestive).toEqual({ review: null, reject: null });
    expect(policy.nsfw.explicit).toEqual(presets.strict.nsfw.explicit);
  });

  it('is custom once any value is given, even one equal to the preset', () => {
    expect(resolvePolicy({ nsfw: { explicit: { review: 0.5 } } }).name).toBe('custom');
    expect(resolvePolicy({ rating: { pg: 0.25 } }).name).toBe('custom');
  });

  it('accepts the ends of the range and equal review and reject', () => {
    const policy = resolvePolicy({ nsfw: { explicit: { review: 0, reject: 1 }, suggestive: { review: 0.6, reject: 0.6 } } });
    expect(policy.nsfw.explicit).toEqual({ review: 0, reject: 1 });
    expect(policy.nsfw.suggestive).toEqual({ review: 0.6, reject: 0.6 });
    expect(resolvePolicy({ rating: { pg: 0.5, pg13: 0.5 } }).rating).toEqual({ pg: 0.5, pg13: 0.5 });
  });

  it('does not order review against a switched-off reject', () => {
    expect(resolvePolicy({ nsfw: { explicit: { review: 0.95, reject: null } } }).nsfw.explicit).toEqual({
      review: 0.95,
      reject: null,
    });
  });

  it('neither mutates nor keeps a reference to the input', () => {
    const input = { preset: 'strict' as const, nsfw: { explicit: { review: 0.4 } } };
    const policy = resolvePolicy(input);
    expect(input).toEqual({ preset: 'strict', nsfw: { explicit: { review: 0.4 } } });
    input.nsfw.explicit.review = 0.1;
    expect(policy.nsfw.explicit.review).toBe(0.4);
    expect(presets.strict.nsfw.explicit.review).toBe(0.3);
  });
});

describe('resolvePolicy: validation', () => {
  it.each([
    [{ nsfw: { explicit: { review: 1.5 } } }, 'policy.nsfw.explicit.review must be a number from 0 to 1 or null, got 1.5'],
    [{ nsfw: { explicit: { reject: -0.1 } } }, 'policy.nsfw.explicit.reject must be a number from 0 to 1 or null, got -0.1'],
    [{ nsfw: { suggestive: { review: Number.NaN } } }, 'policy.nsfw.suggestive.review must be a number from 0 to 1 or null, got NaN'],
    [
      { nsfw: { suggestive: { reject: Number.POSITIVE_INFINITY } } },
      'policy.nsfw.suggestive.reject must be a number from 0 to 1 or null, got Infinity',
    ],
    [{ nsfw: { explicit: { review: '0.5' } } }, 'policy.nsfw.explicit.review must be a number from 0 to 1 or null, got "0.5"'],
    [{ nsfw: { explicit: { reject: true } } }, 'policy.nsfw.explicit.reject must be a number from 0 to 1 or null, got true'],
    [{ nsfw: { explicit: { reject: 80 } } }, 'policy.nsfw.explicit.reject must be a number from 0 to 1 or null, got 80'],
  ])('rejects a threshold out of range or of the wrong type: %j', (input, message) => {
    expectInvalid(input, message);
  });

  it.each([
    [{ quality: { sharpness: 1.2 } }, 'policy.quality.sharpness must be a number from 0 to 1 or null, got 1.2'],
    [{ quality: { exposure: '0.1' } }, 'policy.quality.exposure must be a number from 0 to 1 or null, got "0.1"'],
    [{ quality: { action: 'block' } }, 'policy.quality.action must be "reject", "review" or null, got "block"'],
    [{ quality: { blur: 0.1 } }, 'policy.quality.blur is not a policy setting (expected one of: action, sharpness, exposure, resolution, noise)'],
    [{ quality: 0.1 }, 'policy.quality must be an object, got 0.1'],
  ])('rejects a quality setting that is wrong, naming its path: %j', (input, message) => {
    expectInvalid(input, message);
  });

  it('merges quality settings over the preset and calls the policy custom', () => {
    const policy = resolvePolicy({ preset: 'strict', quality: { resolution: null, action: 'reject' } });
    expect(policy.name).toBe('custom');
    expect(policy.quality).toEqual({ action: 'reject', sharpness: 0.1, exposure: 0.25, resolution: null, noise: 0.1 });
  });

  it.each([
    [{ rating: { pg: null } }, 'policy.rating.pg must be a number from 0 to 1, got null'],
    [{ rating: { pg13: 2 } }, 'policy.rating.pg13 must be a number from 0 to 1, got 2'],
    [{ rating: { pg13: [0.5] } }, 'policy.rating.pg13 must be a number from 0 to 1, got an array'],
  ])('rejects a rating step that is not a number from 0 to 1: %j', (input, message) => {
    expectInvalid(input, message);
  });

  it.each([
    [{ minors: { age: 0 } }, 'policy.minors.age must be a number of years from 1 to 100, got 0'],
    [{ minors: { age: '18' } }, 'policy.minors.age must be a number of years from 1 to 100, got "18"'],
    [{ minors: { age: null } }, 'policy.minors.age must be a number of years from 1 to 100, got null'],
    [{ minors: { withSexualContent: 'block' } }, 'policy.minors.withSexualContent must be "reject", "review" or null, got "block"'],
    [{ minors: { alone: true } }, 'policy.minors.alone must be "reject", "review" or null, got true'],
    [{ minors: { ages: 16 } }, 'policy.minors.ages is not a policy setting (expected one of: age, withSexualContent, alone)'],
    [{ minors: 'off' }, 'policy.minors must be an object, got "off"'],
  ])('rejects a minors setting that is not an age or an action: %j', (input, message) => {
    expectInvalid(input, message);
  });

  it('rejects review above reject, naming both values', () => {
    expectInvalid(
      { nsfw: { explicit: { review: 0.9, reject: 0.7 } } },
      'policy.nsfw.explicit.review (0.9) must not be above policy.nsfw.explicit.reject (0.7)',
    );
  });

  it('checks the order after merging, against the preset value left in place', () => {
    expectInvalid(
      { preset: 'strict', nsfw: { suggestive: { review: 0.9 } } },
      'policy.nsfw.suggestive.review (0.9) must not be above policy.nsfw.suggestive.reject (0.85)',
    );
    expectInvalid(
      { nsfw: { explicit: { reject: 0.4 } } },
      'policy.nsfw.explicit.review (0.5) must not be above policy.nsfw.explicit.reject (0.4)',
    );
  });

  it('rejects a pg step above pg13', () => {
    expectInvalid({ rating: { pg: 0.7 } }, 'policy.rating.pg (0.7) must not be above policy.rating.pg13 (0.6)');
    expectInvalid({ rating: { pg: 0.5, pg13: 0.3 } }, 'policy.rating.pg (0.5) must not be above policy.rating.pg13 (0.3)');
  });

  it('rejects unknown keys at every level, with the path', () => {
    expectInvalid({ nswf: {} }, 'policy.nswf is not a policy setting (expected one of: preset, nsfw, minors, text, privacy, onModelError, quality, rating)');
    expectInvalid({ name: 'strict' }, 'policy.name is not a policy setting (expected one of: preset, nsfw, minors, text, privacy, onModelError, quality, rating)');
    expectInvalid(
      { nsfw: { explict: { reject: 0.5 } } },
      'policy.nsfw.explict is not a policy setting (expected one of: explicit, suggestive)',
    );
    expectInvalid(
      { nsfw: { explicit: { block: 0.5 } } },
      'policy.nsfw.explicit.block is not a policy setting (expected one of: review, reject)',
    );
    expectInvalid({ rating: { r: 0.8 } }, 'policy.rating.r is not a policy setting (expected one of: pg, pg13)');
  });

  it('rejects unknown preset names, as a string or as policy.preset', () => {
    expectInvalid('lax', 'policy must be one of "balanced", "strict", "permissive" or an object, got "lax"');
    expectInvalid('Strict', 'policy must be one of "balanced", "strict", "permissive" or an object, got "Strict"');
    expectInvalid({ preset: 'lax' }, 'policy.preset must be one of "balanced", "strict", "permissive", got "lax"');
    expectInvalid({ preset: null }, 'policy.preset must be one of "balanced", "strict", "permissive", got null');
  });

  it('rejects a policy or a group that is not an object', () => {
    const expected = 'policy must be one of "balanced", "strict", "permissive" or an object, got';
    expectInvalid(42, `${expected} 42`);
    expectInvalid(null, `${expected} null`);
    expectInvalid([], `${expected} an array`);
    expectInvalid({ nsfw: 'off' }, 'policy.nsfw must be an object, got "off"');
    expectInvalid({ nsfw: { suggestive: null } }, 'policy.nsfw.suggestive must be an object, got null');
    expectInvalid({ rating: 0.5 }, 'policy.rating must be an object, got 0.5');
  });
});
