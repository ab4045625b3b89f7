import type { ModelAnalyzerName } from '../analyzers/registry.js';
import type { Action, Policy } from '../policy/types.js';

export type { Action };

/** Formats the library recognises from the file's bytes (never from its name or MIME type). */
export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'avif' | 'bmp';

export interface ImageFacts {
  /** Displayed size, after EXIF orientation. */
  width: number;
  height: number;
  format: ImageFormat;
  mimeType: string;
  /** Size of the original file in bytes. */
  bytes: number;
  /** Frames in the file (animated GIF, APNG, WebP, AVIF); 1 for a still image. */
  frames: number;
  /** Indices of the frames that were analysed: all of a short animation, an even sample of a long one. */
  sampledFrames: number[];
  /** The file ends before its format's end marker: the verdict covers only the part that decoded. */
  truncated: boolean;
}

/** What the file's own metadata reveals (EXIF), reported because it is part of the uploader's privacy. */
export interface PhotoMetadata {
  gps: { latitude: number; longitude: number; altitude?: number } | null;
  camera: { make?: string; model?: string; software?: string; takenAt?: string } | null;
}

/** An analyzer that could not run, so the image was not fully checked. */
export interface AnalyzerFailure {
  analyzer: ModelAnalyzerName;
  code: 'model_load_failed' | 'analysis_failed';
  message: string;
}

export type NsfwClass = 'drawing' | 'hentai' | 'neutral' | 'porn' | 'sexy';

export interface NsfwEvidence {
  /** The five nsfwjs class probabilities of the worst frame analysed; they sum to about 1. */
  scores: Record<NsfwClass, number>;
  /** Which frame those scores are from (0 for a still image). */
  frame: number;
  /** Which model produced them, e.g. 'nsfwjs/mobilenet_v2'. */
  model: string;
  /**
   * The region of that frame whose look decided, when it was not the whole frame (analyzers/nsfw/regions.ts):
   * its box (0-1 of the displayed image), the quarter turns it was given, and why it was looked at.
   */
  region?: { box: { x: number; y: number; width: number; height: number }; turn: 0 | 1 | 2 | 3; reason: 'border' | 'cell' | 'aspect' | 'person' | 'turn' };
  /** Model passes run on that frame, the whole-frame pass included. */
  passes?: number;
}

/** One word read in the image. */
export interface TextWord {
  text: string;
  /** Tesseract's confidence in the word, 0-100. */
  confidence: number;
  /** Where it is, relative to the displayed image (after EXIF orientation), 0-1. */
  box: { x: number; y: number; width: number; height: number };
}

/** What the screening of the text is about: the risk score it feeds, or the personal data it exposes. */
export type TextFindingCategory = 'toxicity' | 'spam' | 'personal-data';

export type TextFindingKind =
  // toxicity
  | 'profanity'
  | 'slur'
  | 'threat'
  // spam
  | 'url'
  | 'link-shortener'
  | 'call-to-action'
  | 'money-bait'
  | 'shouting'
  // personal data
  | 'email'
  | 'phone'
  | 'payment-card'
  | 'iban';

export interface TextFinding {
  kind: TextFindingKind;
  category: TextFindingCategory;
  /** What was found, as read; card numbers and IBANs keep only their last four characters. */
  match: string;
  /** How strongly it points at its category, 0-1 (personal data is 1: it is there or not). */
  weight: number;
  /**
   * Where it is: the boxes of the words it spans, relative to the displayed image (0-1), one a word (a card number
   * split over two lines has boxes on both). Empty only when the words cannot be told (text given without boxes).
   */
  boxes: TextWord['box'][];
}

export interface TextEvidence {
  /** The text read, one line per line of text in the image; '' when there is none. */
  content: string;
  /** Mean word confidence, 0-100 (0 when no text). */
  confidence: number;
  words: TextWord[];
  /** BCP 47 code of the text's language, 'und' when there is no text or it cannot be told. */
  language: string;
  findings: TextFinding[];
  /** 0-1 scores from the findings: abuse and profanity, and spam patterns. */
  scores: { toxicity: number; spam: number };
  /** Quarter turns clockwise the image needed before it read upright (a sideways page is 1 or 3). */
  rotation: 0 | 90 | 180 | 270;
}

/** One face, as the face analyzer saw it. Age and gender are estimates from the face alone. */
export interface FaceItem {
  /** Where the face is, relative to the displayed image (0-1). */
  box: { x: number; y: number; width: number; height: number };
  /** Detection confidence, 0-1. */
  score: number;
  /** The age model's point estimate, in years. */
  age: number;
  /** Whole years; holds the true age for most people (see analyzers/faces/age.ts). */
  ageRange: [number, number];
  gender: 'female' | 'male';
  /** The model's probability for `gender`, 0.5-1. */
  genderProbability: number;
}

export interface FacesEvidence {
  count: number;
  items: FaceItem[];
  /** Which models produced them. */
  model: string;
}

/** One object found in the image (COCO's 80 classes). */
export interface DetectedObject {
  /** COCO class name: 'person', 'cat', 'motorcycle', 'cell phone'... */
  label: string;
  /** Detection confidence, 0-1. */
  score: number;
  /** Where it is, relative to the displayed image (0-1). */
  box: { x: number; y: number; width: number; height: number };
}

export interface ObjectsEvidence {
  /** Best score first; only labels at or above `minConfidence`, at most `maxLabels` distinct ones. */
  items: DetectedObject[];
  /** Which model found them. */
  model: string;
}

/**
 * How usable the picture is, each score 0-1 where 1 is good (as Cloudinary's quality scores are), measured on the
 * frame the verdict speaks of (see analyzers/quality).
 */
export interface QualityEvidence {
  /** 1: edges are crisp; near 0: so blurred that detail (and text) cannot be made out. Flat images count as sharp. */
  sharpness: number;
  /** 1: well exposed; near 0: almost all black (even its brightest part is dark) or washed out to white. */
  exposure: number;
  /** Mean luminance, 0 (black) to 1 (white): says whether poor exposure is too dark or too bright. */
  brightness: number;
  /** 1: a megapixel (1024×1024) or more; 0: 64×64 or less (log scale between: 256×256 is 0.5). */
  resolution: number;
  /** 1: clean; 0.5: grain of about 8 grey levels (standard deviation); near 0: swamped by noise. */
  noise: number;
  /** The weakest of sharpness, exposure and noise, times a resolution factor: one number to sort uploads by. */
  overall: number;
}

/** What the analyzers found in one image: the input of the pure verdict function. */
export interface Evidence {
  /** SHA-256 of the original bytes, lowercase hex. */
  hash: string;
  image: ImageFacts;
  /** null when the NSFW analyzer is off. */
  nsfw: NsfwEvidence | null;
  /** null when the face analyzer is off. */
  faces: FacesEvidence | null;
  /** null when the text analyzer is off. */
  text: TextEvidence | null;
  /** null (or absent) when the object analyzer is off. */
  objects?: ObjectsEvidence | null;
  /** null (or absent) when quality is not measured. */
  quality?: QualityEvidence | null;
  metadata: PhotoMetadata;
  /** Analyzers that were asked for but could not run; the policy's `onModelError` decides what that means. */
  errors: AnalyzerFailure[];
  /** Milliseconds per stage; `totalMs` is the whole call. */
  timings: { totalMs: number } & Record<string, number>;
  /** The tfjs backend the models ran on ('wasm', 'webgl', 'cpu'), or null when no model ran. */
  backend: string | null;
}

/** Per-call fields that are echoed into the verdict. */
export interface ModerationContext {
  meta?: unknown;
  actorId?: string;
}

/** What a flag is about (docs/POLICY.md). */
export type Signal =
  | 'explicit'
  | 'suggestive'
  | 'minor'
  | 'toxicity'
  | 'spam'
  | 'personal-data'
  | 'location'
  | 'quality'
  | 'unchecked';

/** The quality aspects the policy can act on (`policy.quality`). */
export type QualityCheck = 'sharpness' | 'exposure' | 'resolution' | 'noise';

/** What is wrong with a picture that fails a quality check: exposure is too dark or too bright. */
export type QualityProblem = 'blurry' | 'dark' | 'bright' | 'small' | 'grainy';

/**
 * The facts each kind of flag records, from which its `reason` (and the description's words about it) are rendered
 * through the phrase table (verdict/phrases.ts): a page that renders them in another language needs nothing else.
 */
export interface FlagParamsBySignal {
  /** `score`: porn + hentai; `threshold`: the one it reached. */
  explicit: { score: number; threshold: number };
  /** `score`: sexy; `threshold`: the one it reached. */
  suggestive: { score: number; threshold: number };
  /**
   * `age`: the policy's minor age; `ageRange`: the youngest-looking face's; `sexual`: the sexual signal the image
   * also carries, or null for a possible minor alone.
   */
  minor: { age: number; ageRange: [number, number]; sexual: { signal: 'explicit' | 'suggestive'; score: number } | null };
  /** `kinds`: what the screening found, each once, in the order found. */
  toxicity: { score: number; threshold: number; kinds: TextFindingKind[] };
  spam: { score: number; threshold: number; kinds: TextFindingKind[] };
  'personal-data': { kinds: TextFindingKind[] };
  location: Record<string, never>;
  /** `value`: the quality score, `minimum`: the policy's; `width` × `height`: the displayed size. */
  quality: { check: QualityCheck; problem: QualityProblem; value: number; minimum: number; width: number; height: number };
  unchecked: { analyzer: AnalyzerFailure['analyzer']; code: AnalyzerFailure['code'] };
}

/** One reason the policy acted on, with the facts it rests on and in words a person understands. */
export type Flag = { [S in Signal]: FlagOf<S> }[Signal];

interface FlagOf<S extends Signal> {
  signal: S;
  action: Action;
  /**
   * The score that crossed the threshold, 0-1. For a possible minor with sexual signals, the sexual score; for a
   * possible minor alone, the face's detection score; 1 for the other yes/no signals (personal data, a GPS
   * position, an analyzer that could not run). For poor quality, how poor: 1 − the quality score.
   */
  score: number;
  /**
   * The threshold the score crossed; null for yes/no signals, which have an action, not a threshold. For poor
   * quality, 1 − the policy's minimum.
   */
  threshold: number | null;
  params: FlagParamsBySignal[S];
  /** `params` in English words (see `renderVerdictText` for another language). */
  reason: string;
}

export type ContentRating = 'G' | 'PG' | 'PG-13' | 'R' | 'NC-17';

/** The verdict for one image, shaped like ContentMod's image moderation response (see verdict.schema.json). */
export interface Verdict {
  summary: { totalFlags: number; contentRating: ContentRating; language: string };
  isSafe: boolean;
  /** Confidence in `isSafe`, 1-100. */
  confidence: number;
  description: string;
  riskScores: { overall: number; spam: number; toxicity: number } & Record<string, number>;
  topics: string[];
  nsfwCategories: { category: string; severity: number }[];
  suggestedActions: { reject: boolean; review: boolean };
  /** The call's `meta`, echoed; null when none was given. */
  meta: unknown;
  hash: string;
  analysis: {
    image: ImageFacts;
    nsfw: NsfwEvidence | null;
    faces: FacesEvidence | null;
    text: TextEvidence | null;
    /** null when the object analyzer is off. */
    objects: ObjectsEvidence | null;
    /** null when quality is not measured. */
    quality: QualityEvidence | null;
    timings: Evidence['timings'];
    backend: string | null;
    metadata: PhotoMetadata;
    errors: AnalyzerFailure[];
    flags: Flag[];
    policy: Policy;
    actorId: string | null;
    /** Set by `guard.moderate`: true when the evidence came from the verdict cache, and no model ran. */
    cached?: boolean;
  };
}
