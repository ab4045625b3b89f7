import { describe, expect, it } from 'vitest';
import type { PolicyInput } from '../../src/policy/index.js';
import type { FaceItem, Verdict } from '../../src/verdict/types.js';
import { evidenceWith, faceAged, judged, type NsfwGiven } from './evidence.js';

// Faces in the verdict: the possible-minor rule under every policy combination, the people topics and the
// description. Every verdict is checked against the contract before a test looks at it.

const face = faceAged;

const adult = face([24, 40]);
const teen = face([8, 24]);
const smallAdult = (x: number) => face([22, 38], { box: { x, y: 0.3, width: 0.08, height: 0.1 } });

function verdict(faces: FaceItem[] | null, nsfw: NsfwGiven | null = {}, policy: PolicyInput = 'balanced'): Verdict {
  return judged(evidenceWith({ faces, nsfwScores: nsfw }), policy);
}

const minorFlags = (v: Verdict) => v.analysis.flags.filter((flag) => flag.signal === 'minor');

describe('a possible minor with sexual signals', () => {
  it('is rejected by default when explicit content reaches its review threshold, with the reason', () => {
    const v = verdict([teen], { porn: 0.6 });
    expect(v.suggestedActions).toEqual({ reject: true, review: false });
    expect(minorFlags(v)).toEqual([
      {
        signal: 'minor',
        action: 'reject',
        score: 0.6,
        threshold: 0.5,
        params: { age: 18, ageRange: [8, 24], sexual: { signal: 'explicit', score: 0.6 } },
        reason: 'A person who may be under 18 (estimated age 8-24) in an image with sexual signals (explicit 60%).',
      },
    ]);
    // The explicit content is still flagged on its own terms (a review, below its reject threshold).
    expect(v.analysis.flags.find((flag) => flag.signal === 'explicit')?.action).toBe('review');
    expect(v.confidence).toBe(60);
  });

  it('the same image with adults only is a review, not a rejection', () => {
    const v = verdict([adult, adult], { porn: 0.6 });
    expect(minorFlags(v)).toEqual([]);
    expect(v.suggestedActions).toEqual({ reject: false, review: true });
  });

  it('is rejected under strict when suggestive content reaches its review threshold (0.5)', () => {
    const v = verdict([adult, teen], { sexy: 0.6 }, 'strict');
    expect(minorFlags(v)).toMatchObject([{ action: 'reject', score: 0.6, threshold: 0.5 }]);
    expect(minorFlags(v)[0]!.reason).toContain('(suggestive 60%)');
    expect(v.suggestedActions.reject).toBe(true);
    // Adults in the same photo: only the suggestive review flag.
    expect(verdict([adult, adult], { sexy: 0.6 }, 'strict').suggestedActions).toEqual({ reject: false, review: true });
  });

  it('balanced does not act on suggestive content, so neither does the minor rule there', () => {
    // Party photos of adults score "sexy" 0.85-0.95, and the age model's range reaches under 18 for many young adults.
    const v = verdict([teen, adult, adult], { sexy: 0.93 });
    expect(v.analysis.flags).toEqual([]);
    expect(v.isSafe).toBe(true);
  });

  it('sexual signals below the review threshold do not trigger it', () => {
    expect(verdict([teen], { porn: 0.49 }).analysis.flags).toEqual([]);
  });

  it('can be made a review, or switched off', () => {
    expect(minorFlags(verdict([teen], { porn: 0.6 }, { minors: { withSexualContent: 'review' } }))).toMatchObject([
      { action: 'review' },
    ]);
    const off = verdict([teen], { porn: 0.6 }, { minors: { withSexualContent: null } });
    expect(minorFlags(off)).toEqual([]);
    expect(off.suggestedActions).toEqual({ reject: false, review: true });
  });

  it('names the youngest-looking face', () => {
    const v = verdict([face([15, 31]), face([5, 21]), adult], { porn: 0.7 });
    expect(minorFlags(v)).toHaveLength(1);
    expect(minorFlags(v)[0]!.reason).toContain('(estimated age 5-21)');
  });
});

describe('a possible minor alone', () => {
  it('is not a flag by default in any preset', () => {
    for (const preset of ['balanced', 'strict', 'permissive'] as const) {
      const v = verdict([teen], { neutral: 0.98 }, preset);
      expect(v.analysis.flags, preset).toEqual([]);
      expect(v.isSafe, preset).toBe(true);
    }
  });

  it('can be made a review: the flag has no threshold, its score is the face detection score', () => {
    const v = verdict([teen], {}, { minors: { alone: 'review' } });
    expect(minorFlags(v)).toEqual([
      {
        signal: 'minor',
        action: 'review',
        score: 0.97,
        threshold: null,
        params: { age: 18, ageRange: [8, 24], sexual: null },
        reason: 'A person who may be under 18 (estimated age 8-24).',
      },
    ]);
    expect(v.suggestedActions).toEqual({ reject: false, review: true });
    expect(v.confidence).toBe(97);
  });

  it('follows the policy age: a range from 17 is a possible minor under 18, not under 16', () => {
    const seventeen = face([17, 33]);
    expect(minorFlags(verdict([seventeen], {}, { minors: { alone: 'review' } }))).toHaveLength(1);
    expect(minorFlags(verdict([seventeen], {}, { minors: { alone: 'review', age: 16 } }))).toEqual([]);
    expect(verdict([seventeen], {}, { minors: { age: 16 } }).description).toContain('one person (an adult, about 17-33)');
  });
});

describe('age and gender never act on anything else', () => {
  it('gender changes nothing but the evidence itself', () => {
    for (const nsfw of [{}, { porn: 0.6 }, { sexy: 0.93 }, { porn: 0.9 }]) {
      for (const policy of ['balanced', 'strict', { minors: { alone: 'review' } }] satisfies PolicyInput[]) {
        const female = verdict([teen, adult], nsfw, policy);
        const male = verdict([{ ...teen, gender: 'male' }, { ...adult, gender: 'male' }], nsfw, policy);
        expect({ ...male, analysis: { ...male.analysis, faces: null } }).toEqual({ ...female, analysis: { ...female.analysis, faces: null } });
      }
    }
  });

  it('adults and no faces get the same actions, rating and flags as each other', () => {
    for (const nsfw of [{}, { porn: 0.6 }, { sexy: 0.93 }, { porn: 0.9 }]) {
      const withAdults = verdict([adult, adult, adult], nsfw, 'strict');
      const withoutFaces = verdict([], nsfw, 'strict');
      expect(withAdults.suggestedActions).toEqual(withoutFaces.suggestedActions);
      expect(withAdults.summary).toEqual(withoutFaces.summary);
      expect(withAdults.analysis.flags).toEqual(withoutFaces.analysis.flags);
    }
  });
});

describe('people in the description and topics', () => {
  it('a group of adults', () => {
    const v = verdict([adult, adult, adult], { sexy: 0.93, porn: 0.03 });
    expect(v.description).toBe(
      'A photo of three people (adults, about 24-40). Rated PG-13: looks sexually suggestive (sexy 93%) but not explicit; fine to upload.',
    );
    expect(v.topics).toEqual(['photo', 'suggestive', 'people', 'group']);
  });

  it('a portrait of a possible minor', () => {
    const v = verdict([teen]);
    expect(v.description).toBe(
      'A photo of one person (possibly under 18, about 8-24). Rated G: nothing sexual found (neutral 100%); fine to upload.',
    );
    expect(v.topics).toEqual(['photo', 'people', 'portrait']);
  });

  it('a person far from the camera is people, not a portrait; two people are not a group', () => {
    expect(verdict([smallAdult(0.4)]).topics).toEqual(['photo', 'people']);
    expect(verdict([smallAdult(0.4)]).description).toContain('A photo of one person (an adult, about 22-38).');
    const two = verdict([smallAdult(0.1), smallAdult(0.6)]);
    expect(two.topics).toEqual(['photo', 'people']);
    expect(two.description).toContain('A photo of two people (adults, about 22-38).');
  });

  it('says how many of a group may be under 18', () => {
    expect(verdict([adult, teen, adult]).description).toContain('A photo of three people (one possibly under 18, about 8-40).');
    expect(verdict([teen, teen]).description).toContain('A photo of two people (possibly under 18, about 8-24).');
  });

  it('no faces found: says so, and adds no people topics', () => {
    const v = verdict([]);
    expect(v.description).toBe('A photo with no people or common objects found. Rated G: nothing sexual found (neutral 100%); fine to upload.');
    expect(v.topics).toEqual(['photo']);
  });

  it('the face analyzer alone: the description and topics still name the people', () => {
    const v = verdict([adult], null);
    expect(v.description).toBe('An image of one person (an adult, about 24-40). Rated G: not checked for sexual content; fine to upload.');
    expect(v.topics).toEqual(['people', 'portrait']);
    expect(v.analysis.nsfw).toBeNull();
  });

  it('no analyzer at all: as before', () => {
    expect(verdict(null, null).description).toBe('An image that no analyzer looked at; fine to upload.');
  });
});
