export type { PersonalDataAction, Policy, PolicyInput, PolicyPresetName, Thresholds } from './types.js';
export { defaultPresetName, presets } from './defaults.js';
export { resolvePolicy } from './resolve.js';
