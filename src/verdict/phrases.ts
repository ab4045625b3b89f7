import { ImageGuardError } from '../errors.js';
import type { AnalyzerFailure, ContentRating, QualityCheck, QualityProblem, TextFindingKind } from './types.js';

/**
 * Every word a verdict says: its flags' `reason`s and its `description`, rendered from the facts a flag records
 * (`flag.params`) and the evidence. English by default; pass a partial table to `renderVerdictText` to say them in
 * another language. Numbers arrive as numbers (`percent` is a whole 0-100), names as the library's identifiers
 * (`kind`, `check`, `label`), and lists already joined by `list`. docs/POLICY.md lists the keys with examples.
 */
export interface VerdictPhrases {
  /** A text finding in a reason: 'profanity', 'a slur', 'a link', 'a phone number'… */
  findingName: (kind: TextFindingKind) => string;
  /** An analyzer in a reason or a note: 'NSFW', 'face', 'text (OCR)', 'object'. */
  analyzerName: (analyzer: AnalyzerFailure['analyzer']) => string;
  /** Names joined: 'a, b and c'. */
  list: (items: string[]) => string;

  /** The `reason` of each kind of flag. */
  explicitReason: (p: { percent: number }) => string;
  suggestiveReason: (p: { percent: number }) => string;
  /** `youngest`: the youngest-looking face's age range; `sexual`: the sexual signal beside it, if any. */
  minorReason: (p: { age: number; youngest: [number, number]; sexual: { signal: 'explicit' | 'suggestive'; percent: number } | null }) => string;
  /** `findings`: the names of what was found, joined by `list`. */
  toxicityReason: (p: { findings: string; percent: number }) => string;
  spamReason: (p: { findings: string; percent: number }) => string;
  personalDataReason: (p: { findings: string }) => string;
  locationReason: string;
  /** `percent`: the quality score that failed; `width` × `height`: the picture's size. */
  qualityReason: (p: { check: QualityCheck; problem: QualityProblem; percent: number; width: number; height: number }) => string;
  /** `analyzer`: its name by `analyzerName`. */
  uncheckedReason: (p: { analyzer: string }) => string;

  /** The description's first sentence: what the picture is ('photo', 'animation (12 frames, 8 checked…)'). */
  imageKind: (p: { kind: 'photo' | 'drawing' | 'image' | 'animation'; frames: number; checkedFrames: number }) => string;
  /**
   * Who is in it: `count` people, of whom `faces` were seen as faces, `minors` of them possibly under `age`;
   * `ages`: the youngest and oldest ends of the faces' age ranges, null without faces.
   */
  people: (p: { count: number; faces: number; minors: number; age: number; ages: { youngest: number; oldest: number } | null }) => string;
  /** An object other than a person, `count` of it: 'a dog', 'two cell phones'. `label` is COCO's English name. */
  object: (p: { label: string; count: number }) => string;
  /**
   * The sentence about the picture, without its full stop. `subjects`: people and objects joined by `list`, '' when
   * none; `looked`: whether faces or objects were looked for; `text`: an excerpt of the text read, '' when none.
   */
  picture: (p: { kind: string; subjects: string; looked: boolean; text: string }) => string;
  /** The whole description of a picture an analyzer judged: the picture, its rating with why, and the outcome. */
  rated: (p: { picture: string; rating: ContentRating; content: string; outcome: string }) => string;
  /** The whole description when no analyzer looked at the picture. */
  notLookedAt: (p: { picture: string; outcome: string }) => string;

  /** Why the rating, by rating: G, then PG and PG-13 led by `sexy` or by the explicit classes, then R and NC-17. */
  nothingSexual: (p: { className: 'drawing' | 'neutral'; percent: number }) => string;
  mildlySuggestive: (p: { sexy: number }) => string;
  faintSexualSigns: (p: { classes: string }) => string;
  suggestiveNotExplicit: (p: { sexy: number }) => string;
  sexualSigns: (p: { classes: string }) => string;
  explicitContent: (p: { classes: string }) => string;
  /** One explicit class with its score, as `classes` lists them: 'porn 45%'. */
  nsfwClass: (p: { name: 'porn' | 'hentai'; percent: number }) => string;
  notCheckedForSexualContent: string;

  /** The outcome; `reasons`: the acting flags' briefs, joined by `list`. */
  fineToUpload: string;
  rejected: (p: { reasons: string }) => string;
  needsReview: (p: { reasons: string }) => string;
  /** Each kind of flag in a few words, for the outcome. */
  explicitBrief: string;
  suggestiveBrief: string;
  minorBrief: string;
  toxicityBrief: string;
  spamBrief: string;
  personalDataBrief: string;
  locationBrief: string;
  qualityBrief: (p: { check: QualityCheck; problem: QualityProblem }) => string;
  uncheckedBrief: string;

  /** Sentences after the description, about the file itself. */
  analyzerFailedNote: (p: { analyzer: string; code: AnalyzerFailure['code'] }) => string;
  truncatedNote: string;
  locationNote: string;
}

const findingNames: Record<TextFindingKind, string> = {
  profanity: 'profanity',
  slur: 'a slur',
  threat: 'a threat',
  url: 'a link',
  'link-shortener': 'a shortened link',
  'call-to-action': 'a call to action',
  'money-bait': 'prize or money bait',
  shouting: 'shouting',
  email: 'an email address',
  phone: 'a phone number',
  'payment-card': 'a payment card number',
  iban: 'a bank account number (IBAN)',
};

const analyzerNames: Record<AnalyzerFailure['analyzer'], string> = {
  nsfw: 'NSFW',
  faces: 'face',
  text: 'text (OCR)',
  objects: 'object',
};

const problems: Record<QualityProblem, string> = {
  blurry: 'too blurry to read',
  dark: 'too dark',
  bright: 'too bright, washed out',
  small: 'too small',
  grainy: 'too grainy',
};

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

const numberWord = (count: number): string => NUMBER_WORDS[count] ?? String(count);

const startsWithVowel = (word: string): boolean => /^[aeiou]/.test(word);

/** English plurals of the COCO names ("knife" → "knives", "sheep" and "skis" unchanged). */
function plural(name: string): string {
  if (/(sheep|skis)$/.test(name)) return name;
  if (name.endsWith('mouse')) return `${name.slice(0, -5)}mice`;
  if (name.endsWith('knife')) return `${name.slice(0, -2)}ves`;
  if (/(s|sh|ch|x)$/.test(name)) return `${name}es`;
  return `${name}s`;
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

export const englishPhrases: Readonly<VerdictPhrases> = Object.freeze({
  findingName: (kind) => findingNames[kind],
  analyzerName: (analyzer) => analyzerNames[analyzer],
  list: (items) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`),

  explicitReason: ({ percent }) => `Looks like explicit sexual content (${percent}%).`,
  suggestiveReason: ({ percent }) => `Looks sexually suggestive (${percent}%).`,
  minorReason: ({ age, youngest, sexual }) => {
    const who = `A person who may be under ${age} (estimated age ${youngest[0]}-${youngest[1]})`;
    return sexual ? `${who} in an image with sexual signals (${sexual.signal} ${sexual.percent}%).` : `${who}.`;
  },
  toxicityReason: ({ findings, percent }) => `The text in the image contains ${findings} (${percent}%).`,
  spamReason: ({ findings, percent }) => `The text in the image looks like spam: ${findings} (${percent}%).`,
  personalDataReason: ({ findings }) => `The text in the image shows personal data: ${findings}.`,
  locationReason: 'This photo reveals where it was taken (its metadata holds a GPS position).',
  qualityReason: ({ check, problem, percent, width, height }) => {
    const size = check === 'resolution' ? `${width}×${height} pixels, ` : '';
    return `${capitalise(problems[problem])} (${size}${check} ${percent}%).`;
  },
  uncheckedReason: ({ analyzer }) => `The ${analyzer} check could not run, so this image was not fully checked.`,

  imageKind: ({ kind, frames, checkedFrames }) =>
    kind === 'animation' ? `animation (${frames} frames, ${checkedFrames} checked; the worst decides)` : kind,
  people: ({ count, faces, minors, age, ages }) => {
    const who = count === 1 ? 'one person' : `${numberWord(count)} people`;
    if (!ages) return who;
    const band =
      minors === 0
        ? faces === 1 ? 'an adult' : 'adults'
        : minors === faces ? `possibly under ${age}` : `${numberWord(minors)} possibly under ${age}`;
    // More people than faces: the ages are only those of the faces seen.
    const seen = faces < count ? `${numberWord(faces)} face${faces === 1 ? '' : 's'} seen: ` : '';
    return `${who} (${seen}${band}, about ${ages.youngest}-${ages.oldest})`;
  },
  object: ({ label, count }) => {
    const name = label === 'tv' ? 'TV' : label;
    if (count > 1) return `${numberWord(count)} ${plural(name)}`;
    return `${startsWithVowel(name) ? 'an' : 'a'} ${name}`;
  },
  picture: ({ kind, subjects, looked, text }) => {
    const what = subjects ? ` of ${subjects}` : looked ? ' with no people or common objects found' : '';
    const words = text ? `, with the text "${text}"` : '';
    return `${startsWithVowel(kind) ? 'An' : 'A'} ${kind}${what}${words}`;
  },
  rated: ({ picture, rating, content, outcome }) => `${picture}. Rated ${rating}: ${content}; ${outcome}.`,
  notLookedAt: ({ picture, outcome }) => `${picture} that no analyzer looked at; ${outcome}.`,

  nothingSexual: ({ className, percent }) => `nothing sexual found (${className} ${percent}%)`,
  mildlySuggestive: ({ sexy }) => `mildly suggestive (sexy ${sexy}%)`,
  faintSexualSigns: ({ classes }) => `faint signs of sexual content (${classes})`,
  suggestiveNotExplicit: ({ sexy }) => `looks sexually suggestive (sexy ${sexy}%) but not explicit`,
  sexualSigns: ({ classes }) => `signs of sexual content (${classes})`,
  explicitContent: ({ classes }) => `looks like explicit sexual content (${classes})`,
  nsfwClass: ({ name, percent }) => `${name} ${percent}%`,
  notCheckedForSexualContent: 'not checked for sexual content',

  fineToUpload: 'fine to upload',
  rejected: ({ reasons }) => `rejected (${reasons})`,
  needsReview: ({ reasons }) => `needs a human review (${reasons})`,
  explicitBrief: 'explicit content',
  suggestiveBrief: 'suggestive content',
  minorBrief: 'a possible minor',
  toxicityBrief: 'abusive text',
  spamBrief: 'spam',
  personalDataBrief: 'personal data in the text',
  locationBrief: 'a GPS position in its metadata',
  qualityBrief: ({ problem }) => problems[problem],
  uncheckedBrief: 'not fully checked',

  analyzerFailedNote: ({ analyzer, code }) => `The ${analyzer} check could not run (${code.replaceAll('_', ' ')}).`,
  truncatedNote: 'The file is cut short: this covers only the part that could be decoded.',
  locationNote: 'Its metadata holds a GPS position, which reveals where it was taken.',
} satisfies VerdictPhrases);

/** The phrase keys, in the table's order. */
export const phraseKeys = Object.keys(englishPhrases) as (keyof VerdictPhrases)[];

/**
 * A page's partial table over the English one. Refuses anything but known keys holding what the English entry holds
 * (a string or a function), and makes a function that returns anything but a string fail with its key, so a typo or
 * a broken translation shows at once instead of as "undefined" in front of a user.
 */
export function resolvePhrases(input: unknown): VerdictPhrases {
  if (input === undefined) return englishPhrases;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw invalid(`phrases must be an object of phrase keys, got ${describeValue(input)}`);
  }
  const resolved: Record<string, unknown> = { ...englishPhrases };
  for (const [key, value] of Object.entries(input)) {
    if (!Object.hasOwn(englishPhrases, key)) {
      throw invalid(`phrases.${key} is not a phrase key; the keys are ${phraseKeys.join(', ')}`);
    }
    const expected = typeof englishPhrases[key as keyof VerdictPhrases];
    if (value === undefined) continue;
    if (typeof value !== expected) throw invalid(`phrases.${key} must be a ${expected}, got ${describeValue(value)}`);
    resolved[key] = typeof value === 'function' ? checkedPhrase(key, value as (...args: unknown[]) => unknown) : value;
  }
  return resolved as unknown as VerdictPhrases;
}

function checkedPhrase(key: string, phrase: (...args: unknown[]) => unknown): (...args: unknown[]) => string {
  return (...args) => {
    const text = phrase(...args);
    if (typeof text !== 'string') throw invalid(`phrases.${key} returned ${describeValue(text)}, not a string`);
    return text;
  };
}

function invalid(message: string): ImageGuardError {
  return new ImageGuardError('invalid_options', message);
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? JSON.stringify(value) : typeof value;
}
