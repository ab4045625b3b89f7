/**
 * The building blocks of option checking, shared by the options resolver (config/resolve.ts) and the analyzers'
 * specs: each failure is an 'invalid_options' ImageGuardError whose message names the exact path. Pure.
 */
import { ImageGuardError } from '../errors.js';

export function invalidOption(message: string): ImageGuardError {
  return new ImageGuardError('invalid_options', message);
}

/** A value as a message shows it: strings quoted, objects and functions by their kind. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null) return 'an object';
  return String(value);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `value` as an object whose keys are all among `known`; `path` is its place in the options ('' for the top level)
 * and `what` what its keys are called in the message ("the analyzers are nsfw, faces...").
 */
export function knownKeys(value: unknown, path: string, known: readonly string[], what: string): Record<string, unknown> {
  if (!isPlainObject(value)) throw invalidOption(`${path || 'The options'} must be an object, got ${show(value)}`);
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw invalidOption(`${path ? `${path}.${key}` : key} is not an option; ${what} are ${known.join(', ')}`);
    }
  }
  return value;
}

/** An analyzer switch: true (or left out) is on, false is off; nothing else is either. */
export function onOrOff(value: unknown, path: string): boolean {
  if (value === undefined) return true;
  if (typeof value !== 'boolean') throw invalidOption(`${path} must be true or false, got ${show(value)}`);
  return value;
}

/** An analyzer switch that also takes an object of its settings: null when off, the object ({} for true) when on. */
export function onOrSettings(value: unknown, path: string, known: readonly string[]): Record<string, unknown> | null {
  if (value === undefined || value === true) return {};
  if (value === false) return null;
  if (!isPlainObject(value)) throw invalidOption(`${path} must be true, false or an object, got ${show(value)}`);
  return knownKeys(value, path, known, 'its settings');
}
