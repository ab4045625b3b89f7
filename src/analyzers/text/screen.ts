import { RegExpMatcher, englishDataset, englishRecommendedTransformers } from 'obscenity';
import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js/max';
import { eld } from 'eld/small';
import type { TextFinding, TextFindingKind } from '../../verdict/types.js';

/**
 * Screening of the text read in an image: profanity and abuse (toxicity), spam patterns, personal data, and the
 * language. Pure: strings in, findings and 0-1 scores out, unit-tested in Node. Scores combine the weights of the
 * findings as independent pieces of evidence, 1 − Π(1 − weight), so one weak sign stays weak and several add up.
 */
export interface Screening {
  findings: TextFinding[];
  scores: { toxicity: number; spam: number };
  language: string;
}

/**
 * Screening reads at most this much text: a page of dense print is 3,000-5,000 characters, and every pattern here
 * is linear, so this bounds its time too (a 1 MB line would otherwise cost the libraries seconds).
 */
export const MAX_SCREENED_CHARS = 10_000;
/**
 * libphonenumber's search costs about 50 µs a character of digit-dense text on a loaded 2-core machine, once per
 * country tried: phone numbers are looked for in this much of the text.
 */
export const PHONE_SEARCH_CHARS = 4_000;

export function screenText(text: string): Screening {
  const content = text.length > MAX_SCREENED_CHARS ? text.slice(0, MAX_SCREENED_CHARS) : text;
  const findings = [...toxicity(content), ...spam(content), ...personalData(content)];
  return {
    findings,
    scores: { toxicity: combine(findings, 'toxicity'), spam: combine(findings, 'spam') },
    language: language(content),
  };
}

function combine(findings: TextFinding[], category: TextFinding['category']): number {
  const rest = findings.filter((f) => f.category === category).reduce((product, f) => product * (1 - f.weight), 1);
  return Math.round((1 - rest) * 1000) / 1000;
}

// --- toxicity ------------------------------------------------------------------------------------------------------

const matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });

/** Words obscenity's English data set lists that attack a group of people: not swearing but hate. */
const SLURS = new Set([
  'abo', 'abeed', 'africoon', 'arabush', 'boonga', 'chingchong', 'chink', 'dyke', 'fag', 'kike', 'negro', 'nigger',
  'retard', 'spastic', 'tranny',
]);
/** Swearing and crude sexual words that most community sites would not show; the rest of the set is milder. */
const STRONG = new Set(['fuck', 'cunt', 'bitch', 'whore', 'slut', 'twat', 'cock', 'pussy', 'dick', 'wank', 'jizz', 'prick']);

/** Threats and urging self-harm: no single swear word, so a profanity list misses them. */
const THREATS = [
  /\b(?:kill|hang|shoot) (?:yo)?urself\b/i,
  /\bkys\b/i,
  /\bi(?:'?ll| will| am going to|'?m gonna) (?:kill|hurt|rape|find) (?:you|u)\b/i,
  /\b(?:you|u) (?:should|deserve to) die\b/i,
  /\bgo die\b/i,
];

/** Abuse aimed at someone ("fuck you", "you bitch") is worse than the same word in passing. */
const DIRECTED = /\b(?:you|u|your|ur|you're)\b/i;

function toxicity(content: string): TextFinding[] {
  const findings: TextFinding[] = [];
  const seen = new Set<string>();
  for (const match of matcher.getAllMatches(content, true)) {
    const word = englishDataset.getPayloadWithPhraseMetadata(match).phraseMetadata?.originalWord ?? 'profanity';
    if (seen.has(word)) continue;
    seen.add(word);
    const around = content.slice(Math.max(0, match.startIndex - 12), match.endIndex + 13);
    const slur = SLURS.has(word);
    const base = slur ? 0.95 : STRONG.has(word) ? 0.7 : 0.4;
    findings.push({
      kind: slur ? 'slur' : 'profanity',
      category: 'toxicity',
      match: content.slice(match.startIndex, match.endIndex + 1),
      weight: Math.min(1, base + (DIRECTED.test(around) ? 0.15 : 0)),
    });
  }
  for (const pattern of THREATS) {
    const found = pattern.exec(content);
    if (found) findings.push({ kind: 'threat', category: 'toxicity', match: found[0], weight: 0.9 });
  }
  return findings;
}

// --- spam ----------------------------------------------------------------------------------------------------------

const SHORTENERS =
  /\b(?:bit\.ly|tinyurl\.com|t\.co|goo\.gl|ow\.ly|is\.gd|buff\.ly|cutt\.ly|rebrand\.ly|shorturl\.at|tiny\.cc|rb\.gy|t\.ly|s\.id)\/[\w-]+/gi;
/** Web addresses; a bare domain counts only when it is not the end of an email address. */
const URLS =
  /\b(?:https?:\/\/|www\.)[^\s]+|(?<![@\w.-])[a-z0-9-]+\.(?:com|net|org|io|co|biz|info|xyz|top|shop|click|link)\b(?:\/[^\s]*)?/gi;
const CALLS_TO_ACTION =
  /\b(?:call|click|buy|order|act|shop|apply|register|sign up|join|visit|text|whatsapp|dm|message) (?:me |us )?(?:now|here|today)\b|\b(?:click (?:the )?link|limited time(?: only| offer)?|don'?t miss (?:out|this)|dm me|link in bio|swipe up)\b/gi;
const MONEY_BAIT =
  /\b(?:you(?:'ve| have)? won|winner|congratulations|cash prize|claim (?:your )?(?:prize|reward|gift)|free (?:iphone|gift ?card|money|cash|bitcoin|crypto|vacation)|giveaway|double your (?:money|bitcoin|crypto)|make money (?:fast|online|from home)|earn (?:up to )?[$€£]\s?\d[\d,]*|[$€£]\s?\d[\d,]* (?:per|a|\/) ?(?:day|week|hour)|100% free|risk[- ]free|guaranteed (?:income|profit|returns))\b/gi;

function spam(content: string): TextFinding[] {
  const findings: TextFinding[] = [];
  const add = (kind: TextFindingKind, weight: number, pattern: RegExp, skip?: RegExp) => {
    for (const [match] of content.matchAll(pattern)) {
      if (skip?.test(match)) continue;
      findings.push({ kind, category: 'spam', match, weight });
    }
  };
  add('link-shortener', 0.55, SHORTENERS);
  // A shop's own web address on a sign is ordinary; a link counts for little unless other signs join it.
  add('url', 0.25, URLS, new RegExp(SHORTENERS.source, 'i'));
  add('call-to-action', 0.35, CALLS_TO_ACTION);
  add('money-bait', 0.45, MONEY_BAIT);
  // Capitals alone are a sign or a poster; capitals that push an action or a prize are shouting.
  const pushy = findings.filter((f) => f.kind === 'call-to-action' || f.kind === 'money-bait');
  const shouted = pushy.find((f) => /[A-Z]/.test(f.match) && f.match === f.match.toUpperCase());
  if (shouted) findings.push({ kind: 'shouting', category: 'spam', match: shouted.match, weight: 0.2 });
  return findings;
}

// --- personal data -------------------------------------------------------------------------------------------------

/**
 * A local part starts where no local-part character precedes it: without that, a long run of letters with no @
 * in it is rescanned from every position (quadratic: 31 s for a 100 KB line).
 */
const EMAIL = /(?<![\w.%+-])[\w.%+-]+@[a-z0-9.-]+\.[a-z]{2,}\b/gi;
const CARD = /\b(?:\d[ -]?){12,18}\d\b/g;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g;
/**
 * Text in an image carries no country, so local phone formats are tried for a few countries with many users; a
 * number counts only when libphonenumber's full metadata says it is a valid number there, which keeps prices,
 * dates and order numbers out.
 */
const PHONE_COUNTRIES: CountryCode[] = ['US', 'GB', 'DE', 'FR', 'IN', 'AU'];

function personalData(content: string): TextFinding[] {
  const findings: TextFinding[] = [];
  const add = (kind: TextFindingKind, match: string) =>
    findings.push({ kind, category: 'personal-data', match, weight: 1 });
  for (const [match] of content.matchAll(EMAIL)) add('email', match);
  const cards = new Set<string>();
  for (const [match] of content.matchAll(CARD)) {
    const digits = match.replace(/\D/g, '');
    if (/^(?:4|5[1-5]|2[2-7]|3[47]|6)/.test(digits) && luhn(digits)) {
      cards.add(digits);
      add('payment-card', mask(digits));
    }
  }
  for (const [match] of content.matchAll(IBAN)) {
    const compact = match.replace(/ /g, '');
    if (compact.length >= 15 && compact.length <= 34 && ibanChecksum(compact)) add('iban', mask(compact));
  }
  const phones = new Set<string>();
  const phoneText = content.slice(0, PHONE_SEARCH_CHARS);
  for (const country of PHONE_COUNTRIES) {
    for (const found of findPhoneNumbersInText(phoneText, country)) {
      const digits = found.number.nationalNumber;
      const written = content.slice(found.startsAt, found.endsAt);
      // A run of 8-9 bare digits is an order number or a date as often as a phone number: a local number must be
      // written like one (grouped, or in brackets) or be long. A card number also parses as some phone number.
      const looksLikePhone = /^\+|[\s().-]/.test(written) || written.replace(/\D/g, '').length >= 10;
      const partOfCard = [...cards].some((card) => card.includes(digits));
      // One written number is one finding, even when it is valid in several of the countries tried.
      const place = `${found.startsAt}:${found.endsAt}`;
      if (!found.number.isValid() || !looksLikePhone || partOfCard || phones.has(place)) continue;
      phones.add(place);
      add('phone', written);
    }
  }
  return findings;
}

/**
 * Every regular expression screening runs, for the test that each stays linear on long adversarial lines (a
 * pattern that rescans from every position turns a long OCR line into minutes).
 */
export const SCREENING_PATTERNS: readonly RegExp[] = [
  ...THREATS,
  DIRECTED,
  SHORTENERS,
  URLS,
  CALLS_TO_ACTION,
  MONEY_BAIT,
  EMAIL,
  CARD,
  IBAN,
];

/** The Luhn checksum every payment card number carries. */
export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** ISO 13616: move the first four characters to the end, letters to numbers, and the result mod 97 is 1. */
export function ibanChecksum(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

/** The verdict travels to servers and logs: keep only the last four characters of a card number or IBAN. */
function mask(value: string): string {
  return `••••${value.slice(-4)}`;
}

// --- language ------------------------------------------------------------------------------------------------------

/** ISO 639-1 from eld (already valid BCP 47), or 'und' when eld itself says its guess is not reliable. */
function language(content: string): string {
  if (!/\p{L}{2}/u.test(content)) return 'und';
  const result = eld.detect(content);
  return result.language && result.isReliable() ? result.language : 'und';
}
