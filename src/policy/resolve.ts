import { ImageGuardError } from '../errors.js';
import { defaultPresetName, freezePolicy, presets } from './defaults.js';
import type { Action, Policy, PolicyInput, PolicyPresetName, Thresholds } from './types.js';

const presetNames = Object.keys(presets) as PolicyPresetName[];
const presetList = presetNames.map((name) => JSON.stringify(name)).join(', ');

/**
 * Turns what a caller passed into a complete, validated, deep-frozen policy: nothing → the balanced preset,
 * a preset name → that preset, an object → its values merged over its `preset` (balanced unless named).
 * Throws ImageGuardError('invalid_options') naming the exact setting and value that is wrong.
 */
export function resolvePolicy(input?: PolicyInput): Policy {
  if (input === undefined) return copy(presets[defaultPresetName]);
  if (isPresetName(input)) return copy(presets[input]);
  if (!isRecord(input)) throw invalid(`policy must be one of ${presetList} or an object, got ${show(input)}`);
  const root = section(input, 'policy', ['preset', 'nsfw', 'minors', 'text', 'privacy', 'onModelError', 'quality', 'rating']);
  const presetName = root.preset === undefined ? defaultPresetName : root.preset;
  if (!isPresetName(presetName)) throw invalid(`policy.preset must be one of ${presetList}, got ${show(presetName)}`);
  const base = presets[presetName];

  // Any value given, even one equal to the preset's, makes the policy 'custom': the verdict must not claim a preset
  // the caller did not use as is.
  const given = { any: false };
  const nsfw = section(root.nsfw, 'policy.nsfw', ['explicit', 'suggestive']);
  const text = section(root.text, 'policy.text', ['toxicity', 'spam', 'personalData']);
  const rating = section(root.rating, 'policy.rating', ['pg', 'pg13']);
  const minors = section(root.minors, 'policy.minors', ['age', 'withSexualContent', 'alone']);
  const privacy = section(root.privacy, 'policy.privacy', ['location']);
  const quality = section(root.quality, 'policy.quality', ['action', 'sharpness', 'exposure', 'resolution', 'noise']);
  const policy: Policy = {
    name: 'custom',
    nsfw: {
      explicit: thresholds(nsfw.explicit, base.nsfw.explicit, 'policy.nsfw.explicit', given),
      suggestive: thresholds(nsfw.suggestive, base.nsfw.suggestive, 'policy.nsfw.suggestive', given),
    },
    minors: {
      age: minorAge(minors.age, base.minors.age, given),
      withSexualContent: action(minors.withSexualContent, base.minors.withSexualContent, 'policy.minors.withSexualContent', given),
      alone: action(minors.alone, base.minors.alone, 'policy.minors.alone', given),
    },
    text: {
      toxicity: thresholds(text.toxicity, base.text.toxicity, 'policy.text.toxicity', given),
      spam: thresholds(text.spam, base.text.spam, 'policy.text.spam', given),
      personalData: choice(text.personalData, base.text.personalData, 'policy.text.personalData', ['review', 'reject', null], given),
    },
    privacy: {
      location: choice(privacy.location, base.privacy.location, 'policy.privacy.location', ['review', 'reject', null], given),
    },
    onModelError: choice(root.onModelError, base.onModelError, 'policy.onModelError', ['review', 'reject', 'allow'], given),
    quality: {
      action: action(quality.action, base.quality.action, 'policy.quality.action', given),
      sharpness: threshold(quality.sharpness, base.quality.sharpness, 'policy.quality.sharpness', given),
      exposure: threshold(quality.exposure, base.quality.exposure, 'policy.quality.exposure', given),
      resolution: threshold(quality.resolution, base.quality.resolution, 'policy.quality.resolution', given),
      noise: threshold(quality.noise, base.quality.noise, 'policy.quality.noise', given),
    },
    rating: {
      pg: ratingStep(rating.pg, base.rating.pg, 'policy.rating.pg', given),
      pg13: ratingStep(rating.pg13, base.rating.pg13, 'policy.rating.pg13', given),
    },
  };
  if (policy.rating.pg > policy.rating.pg13) {
    const { pg, pg13 } = policy.rating;
    throw invalid(`policy.rating.pg (${pg}) must not be above policy.rating.pg13 (${pg13})`);
  }
  if (!given.any) policy.name = presetName;
  return freezePolicy(policy);
}

function copy(preset: Policy): Policy {
  return freezePolicy(structuredClone(preset));
}

function isPresetName(value: unknown): value is PolicyPresetName {
  return typeof value === 'string' && (presetNames as string[]).includes(value);
}

/** An optional group of settings: absent is empty; anything but a plain object, or an unknown key, is an error. */
function section(value: unknown, path: string, keys: readonly string[]): Record<string, unknown> {
  if (value === undefined) return {};
  if (!isRecord(value)) throw invalid(`${path} must be an object, got ${show(value)}`);
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) {
      throw invalid(`${path}.${key} is not a policy setting (expected one of: ${keys.join(', ')})`);
    }
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function thresholds(value: unknown, base: Thresholds, path: string, given: { any: boolean }): Thresholds {
  const group = section(value, path, ['review', 'reject']);
  const result = {
    review: threshold(group.review, base.review, `${path}.review`, given),
    reject: threshold(group.reject, base.reject, `${path}.reject`, given),
  };
  if (result.review !== null && result.reject !== null && result.review > result.reject) {
    throw invalid(`${path}.review (${result.review}) must not be above ${path}.reject (${result.reject})`);
  }
  return result;
}

function threshold(value: unknown, base: number | null, path: string, given: { any: boolean }): number | null {
  // undefined means "not given", as it does for spread options objects.
  if (value === undefined) return base;
  if (value !== null && !isProbability(value)) {
    throw invalid(`${path} must be a number from 0 to 1 or null, got ${show(value)}`);
  }
  given.any = true;
  return value;
}

/** One of a fixed set of values (strings or null). */
function choice<T extends string | null>(
  value: unknown,
  base: T,
  path: string,
  allowed: readonly T[],
  given: { any: boolean },
): T {
  if (value === undefined) return base;
  if (!(allowed as readonly unknown[]).includes(value)) {
    throw invalid(`${path} must be one of ${allowed.map((option) => JSON.stringify(option)).join(', ')}, got ${show(value)}`);
  }
  given.any = true;
  return value as T;
}

function ratingStep(value: unknown, base: number, path: string, given: { any: boolean }): number {
  if (value === undefined) return base;
  if (!isProbability(value)) throw invalid(`${path} must be a number from 0 to 1, got ${show(value)}`);
  given.any = true;
  return value;
}

function minorAge(value: unknown, base: number, given: { any: boolean }): number {
  if (value === undefined) return base;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 1 || value > 100) {
    throw invalid(`policy.minors.age must be a number of years from 1 to 100, got ${show(value)}`);
  }
  given.any = true;
  return value;
}

function action(value: unknown, base: Action | null, path: string, given: { any: boolean }): Action | null {
  if (value === undefined) return base;
  if (value !== null && value !== 'reject' && value !== 'review') {
    throw invalid(`${path} must be "reject", "review" or null, got ${show(value)}`);
  }
  given.any = true;
  return value;
}

function isProbability(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;
}

/** The offending value as a person would write it: numbers bare (NaN, Infinity included), strings quoted. */
function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null) return 'an object';
  return String(value);
}

function invalid(message: string): ImageGuardError {
  return new ImageGuardError('invalid_options', message);
}
