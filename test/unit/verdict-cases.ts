import type { PolicyInput } from '../../src/policy/index.js';
import type { TextEvidence, Verdict } from '../../src/verdict/types.js';
import { evidenceWith, faceAged, judged, type EvidenceGiven } from './evidence.js';

// Evidence that reaches every flag, every rating branch and every sentence of the description between them, for
// the phrase-table and schema tests.

const box = { x: 0.3, y: 0.2, width: 0.3, height: 0.35 };

const spamText: TextEvidence = {
  content: 'FUCK YOU. WIN CASH at bit.ly/x, mail me at jane@example.com',
  confidence: 90,
  words: [],
  language: 'en',
  findings: [
    { kind: 'profanity', category: 'toxicity', match: 'FUCK', weight: 0.85, boxes: [{ x: 0.05, y: 0.1, width: 0.1, height: 0.08 }] },
    { kind: 'link-shortener', category: 'spam', match: 'bit.ly/x', weight: 0.5, boxes: [{ x: 0.5, y: 0.1, width: 0.15, height: 0.08 }] },
    { kind: 'money-bait', category: 'spam', match: 'WIN CASH', weight: 0.4, boxes: [] },
    { kind: 'email', category: 'personal-data', match: 'jane@example.com', weight: 1, boxes: [{ x: 0.4, y: 0.3, width: 0.3, height: 0.08 }] },
  ],
  scores: { toxicity: 0.85, spam: 0.7 },
  rotation: 0,
};

export interface Case {
  name: string;
  evidence: EvidenceGiven;
  policy?: PolicyInput;
}

export const cases: Case[] = [
  { name: 'explicit, rejected', evidence: { nsfwScores: { porn: 0.7, hentai: 0.2 } } },
  { name: 'a party photo under strict', evidence: { nsfwScores: { sexy: 0.93 } }, policy: 'strict' },
  { name: 'PG-13 led by the explicit classes', evidence: { nsfwScores: { porn: 0.45 } }, policy: { rating: { pg13: 0.4 } } },
  { name: 'PG led by sexy', evidence: { nsfwScores: { sexy: 0.3 } } },
  { name: 'PG led by the explicit classes', evidence: { nsfwScores: { porn: 0.3 } } },
  { name: 'a drawing', evidence: { nsfwScores: { drawing: 0.9 } } },
  {
    name: 'a possible minor with sexual signals, and a crowd',
    evidence: {
      nsfwScores: { porn: 0.6 },
      faces: [faceAged([8, 24]), faceAged([25, 40])],
      objects: { items: ['person', 'person', 'person', 'dog', 'cell phone', 'cell phone'].map((label) => ({ label, score: 0.8, box })), model: 'human/centernet' },
    },
  },
  {
    name: 'a possible minor alone',
    evidence: { faces: [faceAged([10, 20])] },
    policy: { minors: { alone: 'review' } },
  },
  { name: 'abusive spam with an email address', evidence: { text: spamText } },
  {
    name: 'a small blurry animation with a GPS position',
    evidence: {
      image: { width: 320, height: 240, format: 'gif', mimeType: 'image/gif', bytes: 90_000, frames: 12, sampledFrames: [0, 4, 8, 11], truncated: false },
      quality: { sharpness: 0.05, exposure: 1, brightness: 0.5, resolution: 0.05, noise: 1, overall: 0.02 },
      metadata: { gps: { latitude: 1, longitude: 2, altitude: 30 }, camera: { make: 'Canon', model: 'EOS 5D', takenAt: '2024-05-01T10:00:00.000Z' } },
    },
    policy: 'strict',
  },
  {
    name: 'not fully checked, cut short',
    evidence: {
      image: { width: 320, height: 240, format: 'png', mimeType: 'image/png', bytes: 9_000, frames: 1, sampledFrames: [0], truncated: true },
      errors: [{ analyzer: 'text', code: 'model_load_failed', message: 'no' }],
    },
  },
  { name: 'the text alone', evidence: { nsfwScores: null, text: { ...spamText, findings: [], scores: { toxicity: 0, spam: 0 } } } },
  { name: 'nothing looked at it', evidence: { nsfwScores: null } },
];

export const verdictOf = (entry: Case): Verdict => judged(evidenceWith(entry.evidence), entry.policy);

export const caseNamed = (name: string): Case => {
  const found = cases.find((entry) => entry.name === name);
  if (!found) throw new Error(`no case named ${name}`);
  return found;
};
