import { describe, expect, it } from 'vitest';
import { ImageGuardError } from '../../src/errors.js';
import { englishPhrases, phraseKeys } from '../../src/verdict/phrases.js';
import type { VerdictPhrases } from '../../src/verdict/phrases.js';
import { renderVerdictText } from '../../src/verdict/render.js';
import type { Verdict } from '../../src/verdict/types.js';
import { caseNamed, cases, verdictOf } from './verdict-cases.js';
import { expectValidVerdict } from './schema.js';

// The phrase table: every reason and the description are rendered from the flags' params and the evidence, so a
// page can say them in its own language. The cases (verdict-cases.ts) reach every phrase key between them.

const words = (verdict: Verdict): string => [verdict.description, ...verdict.analysis.flags.map((flag) => flag.reason)].join('\n');

describe('the phrase table', () => {
  it('renders, in English, exactly the words buildVerdict gave: reasons and description come from the params', () => {
    for (const entry of cases) {
      const verdict = verdictOf(entry);
      expect(renderVerdictText(verdict, {}), entry.name).toEqual(verdict);
    }
  });

  it('uses every phrase key on these cases', () => {
    const used = new Set<string>();
    // Functions record their key when called; strings are replaced by a marker found in the rendered words.
    const tracing = Object.fromEntries(
      phraseKeys.map((key) => {
        const english = englishPhrases[key];
        if (typeof english === 'string') return [key, `<${key}>`];
        return [key, (...args: unknown[]) => (used.add(key), (english as (...a: unknown[]) => string)(...args))];
      }),
    ) as Partial<VerdictPhrases>;
    for (const entry of cases) {
      const text = words(renderVerdictText(verdictOf(entry), tracing));
      for (const key of phraseKeys) if (text.includes(`<${key}>`)) used.add(key);
    }
    expect(phraseKeys.filter((key) => !used.has(key))).toEqual([]);
  });

  it('a translated table changes the reasons and the description; what it leaves out stays English', () => {
    const french: Partial<VerdictPhrases> = {
      explicitReason: ({ percent }) => `Contenu sexuel explicite (${percent} %).`,
      minorReason: ({ age, youngest }) => `Une personne qui pourrait avoir moins de ${age} ans (${youngest[0]}-${youngest[1]}).`,
      rejected: ({ reasons }) => `refusée (${reasons})`,
      explicitBrief: 'contenu explicite',
      minorBrief: 'une personne peut-être mineure',
      list: (items) => items.join(' et '),
    };
    const original = verdictOf(caseNamed('a possible minor with sexual signals, and a crowd'));
    const translated = renderVerdictText(original, french);
    expect(translated.analysis.flags.map((flag) => flag.reason)).toEqual([
      'Contenu sexuel explicite (60 %).',
      'Une personne qui pourrait avoir moins de 18 ans (8-24).',
    ]);
    // The rest of the sentence has no French phrase: it stays English around the translated parts.
    expect(translated.description).toBe(
      'A photo of three people (two faces seen: one possibly under 18, about 8-40) et a dog et two cell phones. ' +
        'Rated R: looks like explicit sexual content (porn 60%); refusée (une personne peut-être mineure).',
    );
    expect(original.description).toBe(
      'A photo of three people (two faces seen: one possibly under 18, about 8-40), a dog and two cell phones. ' +
        'Rated R: looks like explicit sexual content (porn 60%); rejected (a possible minor).',
    );
    // Only the words change.
    const { description: _d, analysis: { flags, ...analysis }, ...rest } = translated;
    const { description: _o, analysis: { flags: originalFlags, ...originalAnalysis }, ...originalRest } = original;
    expect(rest).toEqual(originalRest);
    expect(analysis).toEqual(originalAnalysis);
    expect(flags.map(({ reason: _r, ...flag }) => flag)).toEqual(originalFlags.map(({ reason: _r, ...flag }) => flag));
    expectValidVerdict(translated);
  });

  it('refuses what is not a phrase table, naming the key', () => {
    const verdict = verdictOf(caseNamed('explicit, rejected'));
    const refusal = (phrases: unknown) => {
      try {
        renderVerdictText(verdict, phrases as Partial<VerdictPhrases>);
      } catch (error) {
        expect(error).toBeInstanceOf(ImageGuardError);
        expect((error as ImageGuardError).code).toBe('invalid_options');
        return (error as ImageGuardError).message;
      }
      throw new Error('accepted');
    };
    expect(refusal('fr')).toMatch(/^phrases must be an object/);
    expect(refusal({ explicitReasons: () => 'x' })).toMatch(/^phrases\.explicitReasons is not a phrase key/);
    expect(refusal({ explicitBrief: () => 'x' })).toBe('phrases.explicitBrief must be a string, got function');
    expect(refusal({ explicitReason: 'x' })).toBe('phrases.explicitReason must be a function, got "x"');
    expect(refusal({ explicitReason: () => undefined })).toBe('phrases.explicitReason returned undefined, not a string');
  });
});
