import { describe, expect, it } from 'vitest';
import { resolvePolicy } from '../../src/policy/resolve.js';
import type { PolicyInput } from '../../src/policy/types.js';
import type { Evidence } from '../../src/verdict/types.js';
import { evidenceWith, judged, type EvidenceGiven } from './evidence.js';

// What the file says beyond its pixels: GPS metadata, an analyzer that could not run, a cut-short file, frames.

const neutral = { drawing: 0.01, hentai: 0, neutral: 0.97, porn: 0.01, sexy: 0.01 };
const gps = { latitude: 48.8582, longitude: 2.2945 };
const modelFailure = { analyzer: 'nsfw', code: 'model_load_failed', message: 'The NSFW model could not be loaded.' } as const;

function evidence(extra: Omit<EvidenceGiven, 'image'> = {}, image: EvidenceGiven['image'] = {}): Evidence {
  return evidenceWith({ nsfwScores: neutral, image: { width: 640, height: 480, bytes: 52_000, ...image }, ...extra });
}

const verdict = judged;

describe('GPS position in the metadata', () => {
  const withGps = evidence({ metadata: { gps, camera: { make: 'Apple', model: 'iPhone 15' } } });

  it('is reported and mentioned, but not flagged, under balanced', () => {
    const v = verdict(withGps);
    expect(v.isSafe).toBe(true);
    expect(v.analysis.metadata).toEqual({ gps, camera: { make: 'Apple', model: 'iPhone 15' } });
    expect(v.description).toContain('GPS position');
  });

  it('sends the photo to review under strict, with the reason in words', () => {
    const v = verdict(withGps, 'strict');
    expect(v.suggestedActions).toEqual({ reject: false, review: true });
    expect(v.analysis.flags).toEqual([
      expect.objectContaining({ signal: 'location', action: 'review', reason: expect.stringMatching(/where it was taken/) }),
    ]);
  });

  it('rejects when a policy says so, and stays quiet without a position', () => {
    expect(verdict(withGps, { privacy: { location: 'reject' } }).suggestedActions.reject).toBe(true);
    expect(verdict(evidence(), 'strict').analysis.flags).toEqual([]);
  });
});

describe('an analyzer that could not run (onModelError)', () => {
  const unchecked = evidence({ nsfw: null, backend: null, errors: [modelFailure] });

  it('goes to review by default, saying what was not checked', () => {
    const v = verdict(unchecked);
    expect(v.suggestedActions).toEqual({ reject: false, review: true });
    expect(v.isSafe).toBe(false);
    expect(v.analysis.errors).toEqual([modelFailure]);
    expect(v.analysis.flags[0]).toMatchObject({ signal: 'unchecked', action: 'review' });
    expect(v.analysis.flags[0]!.reason).toMatch(/NSFW check could not run/);
    expect(v.description).toContain('model load failed');
  });

  it('is rejected under strict and allowed (still recorded) when the policy allows', () => {
    expect(verdict(unchecked, 'strict').suggestedActions.reject).toBe(true);
    const allowed = verdict(unchecked, { onModelError: 'allow' });
    expect(allowed.isSafe).toBe(true);
    expect(allowed.analysis.flags).toEqual([]);
    expect(allowed.analysis.errors).toEqual([modelFailure]);
  });

  it('never adds a flag when nothing failed', () => {
    expect(verdict(evidence(), { onModelError: 'reject' }).analysis.flags).toEqual([]);
  });
});

describe('the file itself', () => {
  it('says when a file is cut short', () => {
    const v = verdict(evidence({}, { truncated: true }));
    expect(v.analysis.image.truncated).toBe(true);
    expect(v.description).toContain('cut short');
  });

  it('describes an animation with how many frames were checked, and tags it', () => {
    const v = verdict(evidence({}, { format: 'gif', mimeType: 'image/gif', frames: 40, sampledFrames: [0, 5, 10, 15, 20, 25, 30, 35] }));
    expect(v.description).toMatch(/^An animation \(40 frames, 8 checked; the worst decides\)\. Rated G: nothing sexual/);
    expect(v.topics).toContain('animation');
    expect(v.analysis.image.frames).toBe(40);
  });
});

describe('policy validation of the new settings', () => {
  it.each([
    [{ privacy: { location: 'maybe' } }, /policy.privacy.location must be one of "review", "reject", null, got "maybe"/],
    [{ onModelError: 'ignore' }, /policy.onModelError must be one of "review", "reject", "allow", got "ignore"/],
    [{ privacy: { gps: 'review' } }, /policy.privacy.gps is not a policy setting/],
  ])('%j is refused', (input, message) => {
    expect(() => resolvePolicy(input as PolicyInput)).toThrow(message);
  });

  it('records the values in the resolved policy', () => {
    const policy = resolvePolicy({ privacy: { location: 'review' }, onModelError: 'reject' });
    expect(policy).toMatchObject({ name: 'custom', privacy: { location: 'review' }, onModelError: 'reject' });
    expect(resolvePolicy('strict')).toMatchObject({ privacy: { location: 'review' }, onModelError: 'reject' });
  });
});
