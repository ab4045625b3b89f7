import { RegExpMatcher, englishDataset, englishRecommendedTransformers } from 'obscenity';
import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js/max';
import { detectLanguage } from './language.js';
import type { TextFinding, TextFindingKind } from '../../verdict/types.js';

/**
 * Screening of the text read in an image: profanity and abuse (toxicity), spam patterns, personal data, and the
 * language. Pure: strings in, findings and 0-1 scores out, unit-tested in Node. Scores combine the weights of the
 * findings as independent pieces of evidence, 1 − Π(1 − weight), so one weak sign stays weak and several add up.
 */
export interface Screening {
  findings: ScreenedFinding[];
  scores: { toxicity: number; spam: number };
  language: string;
}

/** A finding and where its match is in the screened text (`start` inclusive, `end` exclusive), for its word boxes. */
export interface ScreenedFinding extends Omit<TextFinding, 'boxes'> {
  start: number;
  end: number;
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
  const personal = personalData(content);
  // The domain of an email address written "jane (at) example.com" is not also a link.
  const emails = personal.filter((finding) => finding.kind === 'email');
  const links = spam(content).filter((finding) => finding.kind !== 'url' || !emails.some((email) => overlaps(email, finding)));
  const findings = [...toxicity(content), ...links, ...personal];
  return {
    findings,
    scores: { toxicity: combine(findings, 'toxicity'), spam: combine(findings, 'spam') },
    language: detectLanguage(content),
  };
}

function combine(findings: ScreenedFinding[], category: TextFinding['category']): number {
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

function toxicity(content: string): ScreenedFinding[] {
  const findings: ScreenedFinding[] = [];
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
      start: match.startIndex,
      end: match.endIndex + 1,
    });
  }
  for (const pattern of THREATS) {
    const found = pattern.exec(content);
    if (found) {
      findings.push({ kind: 'threat', category: 'toxicity', match: found[0], weight: 0.9, start: found.index, end: found.index + found[0].length });
    }
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

function spam(content: string): ScreenedFinding[] {
  const findings: ScreenedFinding[] = [];
  const add = (kind: TextFindingKind, weight: number, pattern: RegExp, skip?: RegExp) => {
    for (const found of content.matchAll(pattern)) {
      const [match] = found;
      if (skip?.test(match)) continue;
      findings.push({ kind, category: 'spam', match, weight, start: found.index, end: found.index + match.length });
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
  if (shouted) findings.push({ ...shouted, kind: 'shouting', weight: 0.2 });
  return findings;
}

// --- personal data -------------------------------------------------------------------------------------------------

/**
 * An email address, also as people write one to dodge harvesters ("jane [at] example [dot] com") and as OCR reads
 * one (a space beside the @). A local part starts where no local-part character precedes it: without that, a long
 * run of letters with no @ in it is rescanned from every position (quadratic: 31 s for a 100 KB line). Every
 * separator is one bounded alternative, so each start scans forward once.
 */
const EMAIL =
  /(?<![\w.%+-])[\w.%+-]+(?: ?@ ?| ?[[(]at[\])] ?)[a-z0-9-]+(?:(?:\.| ?[[(]dot[\])] ?)[a-z0-9-]+)*(?:\.| ?[[(]dot[\])] ?)[a-z]{2,}\b/gi;
/**
 * A run of digits in groups as people write a card number: spaces, dashes (OCR reads some as en or em dashes) or a
 * line break between groups (a number split over two lines of a card or a note). The separator is one optional
 * character and never a digit, so the run is matched in one forward scan; the card is then looked for among its
 * groups (cardsIn), since a run can also hold the digits before or after it (a phone number on the line above).
 */
const DIGIT_RUN = /\d(?:[ \t\n\u2013\u2014-]?\d)*/g;
const CARD_SEPARATOR = /[ \t\n\u2013\u2014-]/;
/** A country code, two check digits, then letters and digits, in groups of four or not, over a line break too. */
const IBAN = /\b[A-Z]{2}\d{2}(?:[ \n]?[A-Z0-9]){11,30}/g;
/** The length of an IBAN in each country that issues them (ISO 13616 registry): an IBAN is cut to its length. */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, CH: 21, CR: 22, CY: 28, CZ: 24,
  DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27,
  GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LI: 21, LT: 20, LU: 20,
  LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24, PL: 28, PS: 29, PT: 25,
  QA: 29, RO: 24, RS: 22, SA: 24, SE: 24, SI: 19, SK: 24, SM: 27, TN: 24, TR: 26, UA: 29, VG: 24, XK: 20,
};
/**
 * Text in an image carries no country, so local phone formats are tried for a few countries with many users; a
 * number counts only when libphonenumber's full metadata says it is a valid number there, which keeps prices,
 * dates and order numbers out.
 */
const PHONE_COUNTRIES: CountryCode[] = ['US', 'GB', 'DE', 'FR', 'IN', 'AU'];

function personalData(content: string): ScreenedFinding[] {
  const findings: ScreenedFinding[] = [];
  const add = (kind: TextFindingKind, match: string, start: number, end: number) =>
    findings.push({ kind, category: 'personal-data', match, weight: 1, start, end });
  for (const found of content.matchAll(EMAIL)) add('email', found[0], found.index, found.index + found[0].length);
  const cards: { digits: string; start: number; end: number }[] = [];
  for (const run of content.matchAll(DIGIT_RUN)) {
    for (const card of cardsIn(run[0], run.index)) {
      cards.push(card);
      add('payment-card', mask(card.digits), card.start, card.end);
    }
  }
  const ibans = findIbans(content);
  for (const iban of ibans) add('iban', mask(iban.compact), iban.start, iban.end);
  const phones = new Set<string>();
  const phoneText = content.slice(0, PHONE_SEARCH_CHARS);
  for (const country of PHONE_COUNTRIES) {
    for (const found of findPhoneNumbersInText(phoneText, country)) {
      const written = content.slice(found.startsAt, found.endsAt);
      // A run of 8-9 bare digits is an order number or a date as often as a phone number: a local number must be
      // written like one (grouped, or in brackets) or be long. Part of a card number or an IBAN also parses as one.
      const looksLikePhone = /^\+|[\s().-]/.test(written) || written.replace(/\D/g, '').length >= 10;
      const at = { start: found.startsAt, end: found.endsAt };
      const partOfCard = [...cards, ...ibans].some((other) => overlaps(other, at));
      // One written number is one finding, even when it is valid in several of the countries tried.
      const place = `${found.startsAt}:${found.endsAt}`;
      if (!found.number.isValid() || !looksLikePhone || partOfCard || phones.has(place)) continue;
      phones.add(place);
      add('phone', written, found.startsAt, found.endsAt);
    }
  }
  return findings;
}

/**
 * Card numbers among a run's digit groups. Every span of whole groups with 13-19 digits, a card's first digits and a
 * valid Luhn digit is a candidate; one in ten random spans passes Luhn, so candidates grouped as cards are printed
 * (fours, Amex's 4-6-5, or one unbroken number) win over the rest, which would join a phone number on the line
 * above to half a card.
 */
function cardsIn(run: string, offset: number): { digits: string; start: number; end: number }[] {
  const groups: { digits: string; start: number; end: number }[] = [];
  let start = 0;
  for (let i = 0; i <= run.length; i++) {
    if (i === run.length || CARD_SEPARATOR.test(run[i]!)) {
      groups.push({ digits: run.slice(start, i), start: offset + start, end: offset + i });
      start = i + 1;
    }
  }
  const candidates: { digits: string; start: number; end: number; printed: boolean }[] = [];
  for (let first = 0; first < groups.length; first++) {
    let digits = '';
    for (let last = first; last < groups.length && digits.length + groups[last]!.digits.length <= 19; last++) {
      digits += groups[last]!.digits;
      if (digits.length < 13 || !/^(?:4|5[1-5]|2[2-7]|3[47]|6)/.test(digits) || !luhn(digits)) continue;
      const sizes = groups.slice(first, last + 1).map((group) => group.digits.length).join('-');
      const printed = /^(?:4-)*4-[1-4]$|^4-6-[45]$|^\d+$/.test(sizes);
      candidates.push({ digits, start: groups[first]!.start, end: groups[last]!.end, printed });
    }
  }
  candidates.sort((a, b) => Number(b.printed) - Number(a.printed) || b.digits.length - a.digits.length || a.start - b.start);
  const cards: { digits: string; start: number; end: number }[] = [];
  for (const { printed: _, ...candidate } of candidates) {
    if (!cards.some((card) => overlaps(card, candidate))) cards.push(candidate);
  }
  return cards.sort((a, b) => a.start - b.start);
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * IBANs with a valid checksum, each cut to its country's length: what follows an IBAN written without spaces (a BIC,
 * a reference in capitals) would otherwise join it and fail the checksum. The search resumes after the IBAN's own
 * characters, so an IBAN written right after another is still seen.
 */
function findIbans(content: string): { compact: string; start: number; end: number }[] {
  const found: { compact: string; start: number; end: number }[] = [];
  const pattern = new RegExp(IBAN.source, 'g');
  for (let match = pattern.exec(content); match; match = pattern.exec(content)) {
    const length = IBAN_LENGTHS[match[0].slice(0, 2)];
    let compact = '';
    let used = 0;
    for (const char of match[0]) {
      if (length === undefined || compact.length === length) break;
      used++;
      if (char !== ' ' && char !== '\n') compact += char;
    }
    if (length !== undefined && compact.length === length && ibanChecksum(compact)) {
      found.push({ compact, start: match.index, end: match.index + used });
      pattern.lastIndex = match.index + used;
    } else {
      // Not an IBAN here: look again from the next character (a match is at most 64 characters, so this is linear).
      pattern.lastIndex = match.index + 1;
    }
  }
  return found;
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
  DIGIT_RUN,
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
