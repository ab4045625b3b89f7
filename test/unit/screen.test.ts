import { beforeAll, describe, expect, it } from 'vitest';
import { loadLanguageDetector } from '../../src/analyzers/text/language.js';
import { ibanChecksum, luhn, MAX_SCREENED_CHARS, PHONE_SEARCH_CHARS, SCREENING_PATTERNS, screenText } from '../../src/analyzers/text/screen.js';

// Screening names the text's language: eld is imported on demand (text/language.ts), as the text analyzer does.
beforeAll(loadLanguageDetector);

const kinds = (text: string) => screenText(text).findings.map((finding) => finding.kind);

describe('screenText: clean everyday text', () => {
  it.each([
    'Fresh bread baked daily',
    'FRESH BREAD BAKED DAILY',
    'Open Monday to Friday, 9am to 5pm',
    'Visit our bakery at 12 Market Street',
    'Happy birthday Grandma! Love, Sam and Alex',
    'Scunthorpe United v Essex Assassins, class of 2024',
  ])('%s scores near zero on every count', (text) => {
    const { scores, findings } = screenText(text);
    expect(scores.toxicity).toBeLessThan(0.05);
    expect(scores.spam).toBeLessThan(0.05);
    expect(findings).toEqual([]);
  });
});

describe('screenText: toxicity', () => {
  it('grades swearing, abuse aimed at someone, slurs and threats', () => {
    const mild = screenText('shit happens').scores.toxicity;
    const swearing = screenText('what the fuck').scores.toxicity;
    const directed = screenText('fuck you').scores.toxicity;
    const threat = screenText('go kill yourself').scores.toxicity;
    expect(mild).toBeGreaterThan(0.2);
    expect(mild).toBeLessThan(0.5);
    expect(swearing).toBeGreaterThanOrEqual(0.7);
    expect(directed).toBeGreaterThan(swearing);
    expect(threat).toBeGreaterThanOrEqual(0.9);
    expect(kinds('go kill yourself')).toContain('threat');
  });

  it('sees through leetspeak and names slurs as slurs', () => {
    expect(kinds('you are a b1tch')).toEqual(['profanity']);
    const slur = screenText('dirty kike');
    expect(slur.findings[0]).toMatchObject({ kind: 'slur', category: 'toxicity' });
    expect(slur.scores.toxicity).toBeGreaterThanOrEqual(0.9);
  });
});

describe('screenText: spam', () => {
  it('adds up shouting calls to action, prize bait and shortened links', () => {
    const { scores, findings } = screenText('CONGRATULATIONS! YOU WON A FREE IPHONE. CLICK HERE: bit.ly/3xYz9');
    expect(scores.spam).toBeGreaterThan(0.8);
    expect(new Set(findings.map((f) => f.kind))).toEqual(new Set(['money-bait', 'call-to-action', 'link-shortener', 'shouting']));
  });

  it('a shop web address alone is a weak sign, below any default threshold', () => {
    const { scores, findings } = screenText('Fresh bread daily - www.bakery-example.com');
    expect(findings.map((f) => f.kind)).toEqual(['url']);
    expect(scores.spam).toBeLessThan(0.3);
  });

  it('money bait alone is a moderate sign', () => {
    const spam = screenText('Earn $500 per day from home').scores.spam;
    expect(spam).toBeGreaterThan(0.3);
    expect(spam).toBeLessThan(0.8);
  });
});

describe('screenText: personal data', () => {
  it('finds emails, phone numbers, card numbers with a valid Luhn digit and IBANs with a valid checksum', () => {
    const { findings } = screenText(
      'Write to jane.doe@example.com or call +44 20 7946 0958. Card 4111 1111 1111 1111, IBAN GB82 WEST 1234 5698 7654 32',
    );
    const personal = findings.filter((f) => f.category === 'personal-data');
    expect(personal.map((f) => f.kind).sort()).toEqual(['email', 'iban', 'payment-card', 'phone']);
    // The email's domain is not also a link.
    expect(findings.filter((f) => f.kind === 'url')).toEqual([]);
    // The verdict travels: card numbers and IBANs keep only their last four characters.
    expect(personal.find((f) => f.kind === 'payment-card')!.match).toBe('••••1111');
    expect(personal.find((f) => f.kind === 'iban')!.match).toBe('••••5432');
  });

  it('finds a US number in local format', () => {
    expect(kinds('Call me at (415) 555-2671')).toContain('phone');
  });

  it('reports a written number once, even when it is valid in several of the countries tried', () => {
    expect(kinds('Call 020 7946 0958 or mail jo@example.com').sort()).toEqual(['email', 'phone']);
  });

  it('ignores digit runs that fail their checksums, prices, dates and order numbers', () => {
    expect(kinds('Card 4111 1111 1111 1112')).not.toContain('payment-card');
    expect(kinds('IBAN GB82 WEST 1234 5698 7654 33')).not.toContain('iban');
    expect(kinds('Only $19.99 until 12/05/2024, order 20240512')).toEqual([]);
  });

  it('checks Luhn and IBAN checksums', () => {
    expect(luhn('4111111111111111')).toBe(true);
    expect(luhn('4111111111111112')).toBe(false);
    expect(ibanChecksum('DE89370400440532013000')).toBe(true);
    expect(ibanChecksum('DE89370400440532013001')).toBe(false);
  });
});

/** The personal-data findings of a text: kind, masked match and the characters it spans. */
const personal = (text: string) =>
  screenText(text)
    .findings.filter((finding) => finding.category === 'personal-data')
    .map(({ kind, match, start, end }) => ({ kind, match, written: text.slice(start, end) }));

describe('screenText: personal data as people write it', () => {
  it.each([
    ['in fours with spaces', 'Card 4111 1111 1111 1111 exp 12/27', '4111 1111 1111 1111'],
    ['in fours with dashes', 'card: 5555-5555-5555-4444', '5555-5555-5555-4444'],
    ['with dashes OCR reads as en dashes', 'MC 5555\u20135555\u20135555\u20134444', '5555\u20135555\u20135555\u20134444'],
    ['unbroken', 'number 4012888888881881 thanks', '4012888888881881'],
    ['Amex 4-6-5', 'Amex 3782 822463 10005', '3782 822463 10005'],
    ['split over a line', 'Card no 4111 1111\n1111 1111\nexp 12/27', '4111 1111\n1111 1111'],
    ['after an unrelated number', 'Ref 12 4111 1111 1111 1111', '4111 1111 1111 1111'],
  ])('a card number %s', (_, text, written) => {
    expect(personal(text)).toEqual([{ kind: 'payment-card', match: `••••${written.replace(/\D/g, '').slice(-4)}`, written }]);
  });

  it('a card number on the line below a phone number: each is itself, not half of the other', () => {
    expect(personal('Tel 555 0142\n4111 1111 1111 1111')).toEqual([
      { kind: 'payment-card', match: '••••1111', written: '4111 1111 1111 1111' },
      { kind: 'phone', match: '555 0142', written: '555 0142' },
    ]);
  });

  it.each([
    ['in groups of four', 'IBAN GB82 WEST 1234 5698 7654 32', 'GB82 WEST 1234 5698 7654 32'],
    ['unbroken', 'IBAN DE89370400440532013000', 'DE89370400440532013000'],
    ['with letters inside', 'FR14 2004 1010 0505 0001 3M02 606', 'FR14 2004 1010 0505 0001 3M02 606'],
    ['split over a line', 'IBAN: DE89 3704 0044\n0532 0130 00', 'DE89 3704 0044\n0532 0130 00'],
    ['followed by a BIC in capitals', 'DE89370400440532013000 BIC COBADEFFXXX', 'DE89370400440532013000'],
  ])('an IBAN %s, cut to its country\'s length', (_, text, written) => {
    expect(personal(text)).toEqual([{ kind: 'iban', match: `••••${written.replace(/\s/g, '').slice(-4)}`, written }]);
  });

  it('an IBAN with a wrong check digit or length is not one', () => {
    expect(personal('GB82 WEST 1234 5698 7654 33')).toEqual([]);
    expect(personal('GB82 WEST 1234 5698 7654')).toEqual([]);
  });

  it.each([
    ['international, UK', '+44 20 7946 0958'],
    ['international with the trunk zero', '+44 (0)20 7946 0958'],
    ['international with 00', '0044 20 7946 0958'],
    ['local, UK', '020 7946 0958'],
    ['local, UK mobile', '07700 900123'],
    ['local, US with brackets', '(415) 555-2671'],
    ['international, US', '+1 415-555-2671'],
    ['local, US with dots', '415.555.2671'],
    ['international, Germany', '+49 30 901820'],
    ['local, Germany', '030 901820'],
    ['international, France', '+33 1 23 45 67 89'],
    ['local, France', '01 23 45 67 89'],
    ['international, India', '+91 98765 43210'],
    ['international, Australia', '+61 2 9374 4000'],
  ])('a phone number, %s', (_, written) => {
    expect(personal(`Call ${written} today`)).toEqual([{ kind: 'phone', match: written, written }]);
  });

  it.each([
    ['plain', 'jane.doe@example.com'],
    ['in capitals', 'JANE.DOE@EXAMPLE.CO.UK'],
    ['with a plus tag and subdomain', 'j.doe+news@mail.example.org'],
    ['with a space OCR put beside the @', 'jane.doe @ example.com'],
    ['spelled out against harvesters', 'jane.doe [at] example [dot] com'],
    ['with (at)', 'jane(at)example.com'],
  ])('an email address, %s, and its domain is not also a link', (_, written) => {
    expect(personal(`mail ${written} please`)).toEqual([{ kind: 'email', match: written, written }]);
    expect(kinds(`mail ${written} please`)).toEqual(['email']);
  });

  it('the digits of an IBAN are not also a phone number', () => {
    expect(kinds('IBAN: DE89 3704 0044\n0532 0130 00')).toEqual(['iban']);
  });
});

describe('screenText: language', () => {
  it('detects the language as a BCP 47 code, and says und when there is no telling', () => {
    expect(screenText('Fresh bread baked daily').language).toBe('en');
    expect(screenText('Pain frais cuit tous les jours').language).toBe('fr');
    expect(screenText('Frisches Brot jeden Tag gebacken').language).toBe('de');
    expect(screenText('').language).toBe('und');
    expect(screenText('92% 45').language).toBe('und');
  });
});

describe('screening in bounded time on hostile text', () => {
  /** Lines made to make a backtracking pattern rescan from every position: runs of what patterns start on. */
  const adversarial = (size: number): [string, string][] => [
    ['letters', 'a'.repeat(size)],
    ['dotted', 'a.'.repeat(size / 2)],
    ['dashed', 'a-'.repeat(size / 2)],
    ['www.', 'www.'.repeat(size / 4)],
    ['a.com', 'a.com'.repeat(size / 5)],
    ['at signs', 'a@'.repeat(size / 2)],
    ['spelled-out at', 'a [at] '.repeat(size / 7)],
    ['spelled-out dots', `a@${'a [dot] '.repeat(size / 9)}`],
    ['dashed digits', '1-'.repeat(size / 2)],
    ['digits over lines', '4111\n'.repeat(size / 5)],
    ['one long domain', `a@${'a.'.repeat(size / 2)}`],
    ['spaced digits', '1 '.repeat(size / 2)],
    ['amounts', '$1,'.repeat(size / 3)],
    ['IBAN-like', 'AB12 '.repeat(size / 5)],
    ['you', 'you '.repeat(size / 4)],
    ['schemes', 'https://'.repeat(size / 8)],
  ];

  it.each(adversarial(1_000_000))('every pattern is linear: each runs over 1 MB of %s inside the test timeout', (_, line) => {
    // The email pattern this replaced took 31 s on 100 KB of "a.a.a."; a quadratic one takes hours on 1 MB.
    for (const pattern of SCREENING_PATTERNS) {
      const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
      expect([...line.matchAll(global)].length).toBeLessThanOrEqual(line.length);
    }
  });

  it.each(adversarial(1_000_000))('screens 1 MB of %s on its start, inside the test timeout', (_, line) => {
    expect(screenText(line).scores.spam).toBeLessThanOrEqual(1);
  });

  it(`reads at most ${MAX_SCREENED_CHARS} characters, and phone numbers in the first ${PHONE_SEARCH_CHARS}`, () => {
    expect(kinds(`${'x '.repeat(MAX_SCREENED_CHARS / 2)} mail me at jo@example.com`)).not.toContain('email');
    expect(kinds(`mail me at jo@example.com ${'x '.repeat(MAX_SCREENED_CHARS / 2)}`)).toContain('email');
    expect(kinds(`${'x '.repeat(PHONE_SEARCH_CHARS / 2)} call (415) 555-2671`)).not.toContain('phone');
    expect(kinds(`call (415) 555-2671 ${'x '.repeat(PHONE_SEARCH_CHARS / 2)}`)).toContain('phone');
  });
});
