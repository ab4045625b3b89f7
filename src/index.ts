/**
 * image-guard-kit: on-device image moderation. The core API; it registers no custom element
 * (import 'image-guard-kit/element' for <image-guard>).
 */
export { createImageGuard } from './guard.js';
export { ImageGuardError, isImageGuardError } from './errors.js';
export type { ImageGuardErrorCode, SerializedError } from './errors.js';
export { resolvePolicy, presets as policyPresets } from './policy/index.js';
export { applyPolicy } from './verdict/apply.js';
export { createValidator } from './validator.js';
export type {
  ReviewHandling,
  ValidateOptions,
  ValidationResult,
  ValidationState,
  Validator,
  ValidatorBehaviour,
  ValidatorGuardSource,
  ValidatorOptions,
  ValidatorStrings,
} from './validator.js';
export { renderVerdictText } from './verdict/render.js';
export { englishPhrases } from './verdict/phrases.js';
export type { VerdictPhrases } from './verdict/phrases.js';
export type { PersonalDataAction, Policy, PolicyInput, PolicyPresetName, Thresholds } from './policy/types.js';
export type {
  AnalyzerName,
  AnalyzerOptions,
  BackendChoice,
  BatchEntry,
  BatchItem,
  BatchOptions,
  BatchProgress,
  DeviceFacts,
  GuardDiagnostics,
  WorkerMemory,
  GuardOptions,
  GuardProgress,
  ImageGuard,
  ModelAnalyzerName,
  ModerateOptions,
  ModerationInput,
  ModerationTask,
  NsfwAnalyzerOptions,
  ObjectsAnalyzerOptions,
  TfjsBackend,
} from './options.js';
export type { CacheOption } from './cache/options.js';
export type {
  Action,
  ContentRating,
  DetectedObject,
  Evidence,
  Flag,
  FlagParamsBySignal,
  ImageFacts,
  ImageFormat,
  NsfwClass,
  NsfwEvidence,
  ObjectsEvidence,
  QualityCheck,
  QualityEvidence,
  QualityProblem,
  Signal,
  TextEvidence,
  TextFinding,
  TextFindingCategory,
  TextFindingKind,
  TextWord,
  Verdict,
} from './verdict/types.js';
