export type {
  Action,
  ContentRating,
  Evidence,
  Flag,
  ImageFacts,
  ImageFormat,
  ModerationContext,
  NsfwClass,
  NsfwEvidence,
  Signal,
  Verdict,
} from './types.js';
export { buildVerdict } from './build.js';
