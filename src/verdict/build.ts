import type { Policy, Thresholds } from '../policy/types.js';
import type {
  ContentRating,
  Evidence,
  FacesEvidence,
  Flag,
  ModerationContext,
  NsfwClass,
  ObjectsEvidence,
  QualityEvidence,
  TextEvidence,
  TextFinding,
  TextFindingKind,
  Verdict,
} from './types.js';

type Scores = Record<NsfwClass, number>;

/** The NSFW scores and the policy's view of them, 0-1. */
interface Signals {
  scores: Scores;
  /** porn + hentai: a photo and a drawing of the same act split the probability mass between them. */
  explicit: number;
  /** sexy: clothed, posed. */
  suggestive: number;
}

const reasons: Record<'explicit' | 'suggestive', string> = {
  explicit: 'Looks like explicit sexual content',
  suggestive: 'Looks sexually suggestive',
};

/** How each finding is named in a reason. */
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

/**
 * Applies a policy to what the analyzers found. Pure: the same evidence, policy and context always give the same
 * verdict, so it is unit-tested without any model, DOM or clock.
 */
export function buildVerdict(evidence: Evidence, policy: Policy, context: ModerationContext): Verdict {
  const signals = evidence.nsfw ? nsfwSignals(evidence.nsfw.scores) : null;
  const text = evidence.text;
  const flags = [
    ...(signals ? flagsFor(signals, policy) : []),
    ...minorFlags(evidence.faces, signals, policy),
    ...(text ? textFlags(text, policy) : []),
    ...(evidence.quality ? qualityFlags(evidence.quality, evidence.image, policy) : []),
    ...fileFlags(evidence, policy),
  ];
  const reject = flags.some((flag) => flag.action === 'reject');
  const review = !reject && flags.length > 0;
  const isSafe = !reject && !review;
  const rating = signals ? rate(signals, policy) : 'G';
  const risk = riskScores(signals, text);

  return {
    summary: { totalFlags: flags.length, contentRating: rating, language: text?.language ?? 'und' },
    isSafe,
    confidence: confidence(isSafe, risk.overall, flags),
    description: [describe(evidence, signals, rating, outcome(reject, review, flags), policy), ...fileNotes(evidence)].join(' '),
    riskScores: risk,
    topics: [
      ...(signals ? topics(signals, rating, flags, policy) : []),
      ...peopleTopics(evidence.faces),
      ...(text ? textTopics(text, flags) : []),
      ...(evidence.image.frames > 1 ? ['animation'] : []),
      ...objectLabels(evidence.objects),
    ],
    nsfwCategories: signals ? nsfwCategories(signals.scores) : [],
    suggestedActions: { reject, review },
    meta: context.meta === undefined ? null : context.meta,
    hash: evidence.hash,
    analysis: {
      image: evidence.image,
      nsfw: evidence.nsfw,
      faces: evidence.faces,
      text: evidence.text,
      objects: evidence.objects ?? null,
      quality: evidence.quality ?? null,
      timings: evidence.timings,
      backend: evidence.backend,
      metadata: evidence.metadata,
      errors: evidence.errors,
      flags,
      policy,
      actorId: context.actorId ?? null,
    },
  };
}

function nsfwSignals(scores: Scores): Signals {
  // Rounded to 1e-9 so that float noise in the sum (0.7 + 0.1 = 0.7999…) cannot slip under a threshold.
  const explicit = clamp01(Math.round((scores.porn + scores.hentai) * 1e9) / 1e9);
  return { scores, explicit, suggestive: clamp01(scores.sexy) };
}

function flagsFor(signals: Signals, policy: Policy): Flag[] {
  const flags: Flag[] = [];
  for (const signal of ['explicit', 'suggestive'] as const) {
    const flag = flagFor(signal, signals[signal], policy.nsfw[signal]);
    if (flag) flags.push(flag);
  }
  return flags;
}

function flagFor(signal: 'explicit' | 'suggestive', score: number, thresholds: Thresholds): Flag | null {
  return thresholdFlag(signal, score, thresholds, `${reasons[signal]} (${percent(score)}%).`);
}

function thresholdFlag(signal: Flag['signal'], score: number, { review, reject }: Thresholds, reason: string): Flag | null {
  if (reject !== null && score >= reject) return { signal, action: 'reject', score, threshold: reject, reason };
  if (review !== null && score >= review) return { signal, action: 'review', score, threshold: review, reason };
  return null;
}

/**
 * Flags that come from the file rather than its pixels: a GPS position in its metadata (privacy.location), and an
 * analyzer that could not run (onModelError). Both are yes/no: score 1, no threshold.
 */
function fileFlags(evidence: Evidence, policy: Policy): Flag[] {
  const flags: Flag[] = [];
  const location = policy.privacy.location;
  if (location && evidence.metadata.gps) {
    flags.push({
      signal: 'location',
      action: location,
      score: 1,
      threshold: null,
      reason: 'This photo reveals where it was taken (its metadata holds a GPS position).',
    });
  }
  if (policy.onModelError !== 'allow') {
    for (const failure of evidence.errors) {
      flags.push({
        signal: 'unchecked',
        action: policy.onModelError,
        score: 1,
        threshold: null,
        reason: `The ${analyzerNames[failure.analyzer]} check could not run, so this image was not fully checked.`,
      });
    }
  }
  return flags;
}

/** Toxicity and spam on their thresholds; personal data by the policy's action, naming what was found. */
function textFlags(text: TextEvidence, policy: Policy): Flag[] {
  const flags: Flag[] = [];
  const { toxicity, spam } = text.scores;
  const names = (category: TextFinding['category']) =>
    [...new Set(text.findings.filter((f) => f.category === category).map((f) => findingNames[f.kind]))];
  const toxic = thresholdFlag(
    'toxicity',
    toxicity,
    policy.text.toxicity,
    `The text in the image contains ${list(names('toxicity'))} (${percent(toxicity)}%).`,
  );
  if (toxic) flags.push(toxic);
  const spammy = thresholdFlag(
    'spam',
    spam,
    policy.text.spam,
    `The text in the image looks like spam: ${list(names('spam'))} (${percent(spam)}%).`,
  );
  if (spammy) flags.push(spammy);
  const personal = names('personal-data');
  if (policy.text.personalData && personal.length > 0) {
    const reason = `The text in the image shows personal data: ${list(personal)}.`;
    flags.push({ signal: 'personal-data', action: policy.text.personalData, score: 1, threshold: null, reason });
  }
  return flags;
}

/** The aspects of quality the policy can act on, in the order their flags are listed. */
const qualityChecks = ['sharpness', 'exposure', 'resolution', 'noise'] as const;

/**
 * A quality score at or below the policy's minimum takes `policy.quality.action`. The flag's score is how poor the
 * picture is (1 − the quality score), so the flag reads like the others: higher is worse.
 */
function qualityFlags(quality: QualityEvidence, image: Evidence['image'], policy: Policy): Flag[] {
  const { action } = policy.quality;
  if (!action) return [];
  const flags: Flag[] = [];
  for (const check of qualityChecks) {
    const minimum = policy.quality[check];
    const value = quality[check];
    if (minimum === null || value > minimum) continue;
    const size = check === 'resolution' ? `${image.width}×${image.height} pixels, ` : '';
    const reason = `${capitalise(qualityProblem(check, quality))} (${size}${check} ${percent(value)}%).`;
    flags.push({ signal: 'quality', action, score: round3(1 - value), threshold: round3(1 - minimum), reason });
  }
  return flags;
}

/** What is wrong, in words: "too blurry to read", "too dark", "too small". */
function qualityProblem(check: (typeof qualityChecks)[number], quality: QualityEvidence): string {
  switch (check) {
    case 'sharpness':
      return 'too blurry to read';
    case 'exposure':
      return quality.brightness < 0.5 ? 'too dark' : 'too bright, washed out';
    case 'resolution':
      return 'too small';
    case 'noise':
      return 'too grainy';
  }
}

const analyzerNames: Record<Evidence['errors'][number]['analyzer'], string> = {
  nsfw: 'NSFW',
  faces: 'face',
  text: 'text (OCR)',
  objects: 'object',
};

/** Sentences about the file itself: what was not checked, what is missing, what its metadata gives away. */
function fileNotes(evidence: Evidence): string[] {
  const notes = evidence.errors.map(
    (failure) => `The ${analyzerNames[failure.analyzer]} check could not run (${failure.code.replaceAll('_', ' ')}).`,
  );
  if (evidence.image.truncated) notes.push('The file is cut short: this covers only the part that could be decoded.');
  if (evidence.metadata.gps) notes.push('Its metadata holds a GPS position, which reveals where it was taken.');
  return notes;
}

/** "a, b and c". */
function list(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * A possible minor is a face whose age range starts below `policy.minors.age`. With sexual signals (explicit or
 * suggestive at or above its review threshold) it takes `minors.withSexualContent`; alone, `minors.alone`. One flag
 * for the image, about its youngest-looking face. Gender is never read here, and age nowhere else.
 */
function minorFlags(faces: FacesEvidence | null, signals: Signals | null, policy: Policy): Flag[] {
  const { age, withSexualContent, alone } = policy.minors;
  const minors = (faces?.items ?? []).filter((face) => face.ageRange[0] < age);
  if (minors.length === 0) return [];
  const youngest = minors.reduce((a, b) => (b.ageRange[0] < a.ageRange[0] ? b : a));
  const who = `A person who may be under ${age} (estimated age ${youngest.ageRange[0]}-${youngest.ageRange[1]})`;
  const sexual = signals ? sexualSignal(signals, policy) : null;
  if (sexual) {
    if (!withSexualContent) return [];
    const reason = `${who} in an image with sexual signals (${sexual.signal} ${percent(sexual.score)}%).`;
    return [{ signal: 'minor', action: withSexualContent, score: sexual.score, threshold: sexual.threshold, reason }];
  }
  if (!alone) return [];
  return [{ signal: 'minor', action: alone, score: youngest.score, threshold: null, reason: `${who}.` }];
}

/** The sexual signal at or above its review threshold (explicit first), or null when there is none. */
function sexualSignal(signals: Signals, policy: Policy): { signal: 'explicit' | 'suggestive'; score: number; threshold: number } | null {
  for (const signal of ['explicit', 'suggestive'] as const) {
    const threshold = policy.nsfw[signal].review;
    if (threshold !== null && signals[signal] >= threshold) return { signal, score: signals[signal], threshold };
  }
  return null;
}

/** A null threshold is switched off and never triggers. */
function reaches(score: number, threshold: number | null): boolean {
  return threshold !== null && score >= threshold;
}

/** R and NC-17 follow the explicit thresholds; below them the sexual score climbs G → PG → PG-13. */
function rate(signals: Signals, policy: Policy): ContentRating {
  if (reaches(signals.explicit, policy.nsfw.explicit.reject)) return 'NC-17';
  if (reaches(signals.explicit, policy.nsfw.explicit.review)) return 'R';
  const sexual = Math.max(signals.explicit, signals.suggestive);
  if (sexual >= policy.rating.pg13) return 'PG-13';
  if (sexual >= policy.rating.pg) return 'PG';
  return 'G';
}

/**
 * Confidence in `isSafe`: for a safe image, how far it is from any risk (100 − overall risk, so suggestive counts
 * half); for an unsafe one, how strong the strongest evidence against it is.
 */
function confidence(isSafe: boolean, overallRisk: number, flags: Flag[]): number {
  const value = isSafe ? 100 - overallRisk : 100 * Math.max(...flags.map((flag) => flag.score));
  return Math.min(100, Math.max(1, Math.round(value)));
}

function riskScores(signals: Signals | null, text: TextEvidence | null): Verdict['riskScores'] {
  const nsfw = signals ? score100(signals.explicit) : 0;
  const suggestive = signals ? score100(signals.suggestive) : 0;
  const spam = text ? score100(text.scores.spam) : 0;
  const toxicity = text ? score100(text.scores.toxicity) : 0;
  // Suggestive counts half: clothed posing is not harm by itself, and party photos score "sexy" 0.85-0.95.
  const overall = Math.max(nsfw, round1(suggestive / 2), spam, toxicity);
  return { overall, nsfw, suggestive, spam, toxicity };
}

/** ContentMod's categories with a severity of 10 or more, most severe first. */
function nsfwCategories(scores: Scores): Verdict['nsfwCategories'] {
  return [
    { category: 'explicit', severity: score100(scores.porn) },
    { category: 'explicit drawing', severity: score100(scores.hentai) },
    { category: 'suggestive', severity: score100(scores.sexy) },
  ]
    .filter((entry) => entry.severity >= 10)
    .sort((a, b) => b.severity - a.severity);
}

function topics(signals: Signals, rating: ContentRating, flags: Flag[], policy: Policy): string[] {
  const result = [isDrawing(signals.scores) ? 'drawing' : 'photo'];
  if (rating === 'R' || rating === 'NC-17') result.push('adult content');
  const suggestiveRating = rating === 'PG-13' && signals.suggestive >= policy.rating.pg13;
  if (suggestiveRating || flags.some((flag) => flag.signal === 'suggestive')) result.push('suggestive');
  return result;
}

/** `text` when the image has any, and what its screening found. */
function textTopics(text: TextEvidence, flags: Flag[]): string[] {
  if (text.content === '') return [];
  const result = ['text'];
  if (flags.some((flag) => flag.signal === 'toxicity')) result.push('abusive language');
  if (flags.some((flag) => flag.signal === 'spam')) result.push('spam');
  if (text.findings.some((finding) => finding.category === 'personal-data')) result.push('personal data');
  return result;
}

/**
 * `people` when there is a face; `portrait` when there is one and it is a large part of the picture (its box at
 * least a fifth of the width or height: a head shot, not a person across a room); `group` from three faces.
 */
function peopleTopics(faces: FacesEvidence | null): string[] {
  if (!faces || faces.count === 0) return [];
  const result = ['people'];
  const only = faces.count === 1 ? faces.items[0] : undefined;
  if (only && Math.max(only.box.width, only.box.height) >= 0.2) result.push('portrait');
  if (faces.count >= 3) result.push('group');
  return result;
}

/** An illustration when the drawing classes outweigh the photo classes. */
function isDrawing(scores: Scores): boolean {
  return scores.drawing + scores.hentai > scores.neutral + scores.porn + scores.sexy;
}

/**
 * One or two sentences: what the picture is and what is in it (people with their age band, objects, a text
 * excerpt), then its rating with why, and what happens to it with the reasons. E.g. "A photo of two people (adults,
 * about 25-40) and a dog, with the text "SALE 50% OFF". Rated G: nothing sexual found (neutral 97%); fine to upload."
 */
function describe(evidence: Evidence, signals: Signals | null, rating: ContentRating, outcome: string, policy: Policy): string {
  const { frames, sampledFrames } = evidence.image;
  const kind =
    frames > 1
      ? `animation (${frames} frames, ${sampledFrames.length} checked; the worst decides)`
      : signals && isDrawing(signals.scores)
        ? 'drawing'
        : signals
          ? 'photo'
          : 'image';
  const subjects = [...peoplePhrase(evidence, policy.minors.age), ...objectPhrases(evidence.objects)];
  const looked = evidence.faces !== null || (evidence.objects ?? null) !== null;
  const what = subjects.length > 0 ? ` of ${list(subjects)}` : looked ? ' with no people or common objects found' : '';
  const words = evidence.text?.content ? `, with the text "${excerpt(evidence.text.content)}"` : '';
  const first = `${/^[aeiou]/.test(kind) ? 'An' : 'A'} ${kind}${what}${words}.`;
  if (!signals && !evidence.text && !looked) return `${first.slice(0, -1)} that no analyzer looked at; ${outcome}.`;
  const why = signals ? content(signals, rating) : 'not checked for sexual content';
  return `${first} Rated ${rating}: ${why}; ${outcome}.`;
}

/** "fine to upload", "needs a human review (too blurry to read)", "rejected (explicit content, a possible minor)". */
function outcome(reject: boolean, review: boolean, flags: Flag[]): string {
  if (!reject && !review) return 'fine to upload';
  const acting = flags.filter((flag) => flag.action === (reject ? 'reject' : 'review'));
  const why = [...new Set(acting.map(shortReason))];
  return `${reject ? 'rejected' : 'needs a human review'} (${list(why)})`;
}

/** A flag in a few words, for the description (its `reason` says it in full). */
function shortReason(flag: Flag): string {
  switch (flag.signal) {
    case 'explicit':
      return 'explicit content';
    case 'suggestive':
      return 'suggestive content';
    case 'minor':
      return 'a possible minor';
    case 'toxicity':
      return 'abusive text';
    case 'spam':
      return 'spam';
    case 'personal-data':
      return 'personal data in the text';
    case 'location':
      return 'a GPS position in its metadata';
    case 'quality':
      // The reason starts with the problem: "Too blurry to read (sharpness 3%)."
      return flag.reason.replace(/ \(.*$/, '').toLowerCase();
    case 'unchecked':
      return 'not fully checked';
  }
}

/**
 * "two people (adults, about 20-36)", "one person (possibly under 18, about 12-28)", "five people (two possibly
 * under 18, about 12-36)". People are the faces found, or the persons the object model found when it saw more
 * (backs, distant figures); the ages are those of the faces.
 */
function peoplePhrase(evidence: Evidence, minorAge: number): string[] {
  const faces = evidence.faces?.items ?? [];
  const persons = (evidence.objects?.items ?? []).filter((item) => item.label === 'person').length;
  const count = Math.max(faces.length, persons);
  if (count === 0) return [];
  const who = count === 1 ? 'one person' : `${numberWord(count)} people`;
  if (faces.length === 0) return [who];
  const band = `about ${Math.min(...faces.map((face) => face.ageRange[0]))}-${Math.max(...faces.map((face) => face.ageRange[1]))}`;
  const minors = faces.filter((face) => face.ageRange[0] < minorAge).length;
  const ages =
    minors === 0
      ? faces.length === 1 ? 'an adult' : 'adults'
      : minors === faces.length ? `possibly under ${minorAge}` : `${numberWord(minors)} possibly under ${minorAge}`;
  // More people than faces: the ages are only those of the faces seen.
  const seen = faces.length < count ? `${numberWord(faces.length)} face${faces.length === 1 ? '' : 's'} seen: ` : '';
  return [`${who} (${seen}${ages}, ${band})`];
}

/** "a dog", "two cell phones": the object labels other than person, at most five kinds, in the order found. */
function objectPhrases(objects: ObjectsEvidence | null | undefined): string[] {
  const counts = new Map<string, number>();
  for (const { label } of objects?.items ?? []) {
    if (label !== 'person') counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts].slice(0, 5).map(([label, count]) => {
    const name = label === 'tv' ? 'TV' : label;
    if (count > 1) return `${numberWord(count)} ${plural(name)}`;
    return `${/^[aeiou]/.test(name) ? 'an' : 'a'} ${name}`;
  });
}

/** Topics from the objects: each label once, best first (they arrive sorted by score). */
function objectLabels(objects: ObjectsEvidence | null | undefined): string[] {
  return [...new Set((objects?.items ?? []).map((item) => item.label))];
}

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

function numberWord(count: number): string {
  return NUMBER_WORDS[count] ?? String(count);
}

/** English plurals of the COCO names ("knife" → "knives", "sheep" and "skis" unchanged). */
function plural(name: string): string {
  if (/(sheep|skis)$/.test(name)) return name;
  if (name.endsWith('mouse')) return `${name.slice(0, -5)}mice`;
  if (name.endsWith('knife')) return `${name.slice(0, -2)}ves`;
  if (/(s|sh|ch|x)$/.test(name)) return `${name}es`;
  return `${name}s`;
}

/** At most 60 characters of the text, on one line, cut between words. */
function excerpt(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= 60) return line;
  const cut = line.slice(0, 59);
  const space = cut.lastIndexOf(' ');
  return `${(space > 30 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** What the scores say about the picture, with the classes that say it. */
function content(signals: Signals, rating: ContentRating): string {
  const { scores } = signals;
  const explicit = explicitClasses(scores);
  const sexy = `sexy ${percent(scores.sexy)}%`;
  const ledBySexy = signals.suggestive >= signals.explicit;
  switch (rating) {
    case 'NC-17':
    case 'R':
      return `looks like explicit sexual content (${explicit})`;
    case 'PG-13':
      return ledBySexy
        ? `looks sexually suggestive (${sexy}) but not explicit`
        : `signs of sexual content (${explicit})`;
    case 'PG':
      return ledBySexy ? `mildly suggestive (${sexy})` : `faint signs of sexual content (${explicit})`;
    case 'G': {
      const name = scores.drawing > scores.neutral ? 'drawing' : 'neutral';
      return `nothing sexual found (${name} ${percent(scores[name])}%)`;
    }
  }
}

/** "porn 45%, hentai 40%": the explicit classes that matter (10% or more), or the larger one alone. */
function explicitClasses(scores: Scores): string {
  const parts = (['porn', 'hentai'] as const)
    .map((name) => ({ name, score: scores[name] }))
    .sort((a, b) => b.score - a.score);
  const shown = parts.filter((part, index) => index === 0 || part.score >= 0.1);
  return shown.map((part) => `${part.name} ${percent(part.score)}%`).join(', ');
}

function percent(score: number): number {
  return Math.round(score * 100);
}

/** A 0-1 score as 0-100 with at most one decimal. */
function score100(score: number): number {
  return round1(clamp01(score) * 100);
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
