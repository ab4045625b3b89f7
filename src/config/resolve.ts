/**
 * The one place options are checked, for the browser guard (createImageGuard) and the Node verifier
 * (createVerifier) alike: every unknown key, wrong type and bad URL is an 'invalid_options' ImageGuardError naming
 * its path, thrown before anything loads. Each analyzer checks its own `analyzers.<name>` (its spec's `resolve`);
 * the policy, limits and cache keep their own resolvers, called from here. Pure but for the page's base URL.
 */
import { analyzerNames, analyzerSpecs, type AnalyzerConfig } from '../analyzers/registry.js';
import type { AnalyzerSpec } from '../analyzers/contract.js';
import { resolveCacheOptions, type CacheSettings } from '../cache/options.js';
import { resolveLimits, type Limits } from '../input/probe.js';
import { DEFAULT_FETCH_TIMEOUT_MS } from '../input/read.js';
import type { BackendChoice, GuardOptions } from '../options.js';
import { resolvePolicy } from '../policy/resolve.js';
import type { Policy } from '../policy/types.js';
import { resolveModelBaseUrl } from '../runtime/asset-paths.js';
import { invalidOption, isPlainObject, knownKeys, show } from './checks.js';

export const DEFAULT_TIMEOUT_MS = 60_000;
/** A first visit downloads about 30 MB of models: 15 s at 40 Mbit/s, so this allows a slow connection too. */
export const DEFAULT_INIT_TIMEOUT_MS = 180_000;

export interface ResolvedGuardOptions {
  analyzers: AnalyzerConfig;
  policy: Policy;
  /** Absolute, ending in '/'. */
  modelBaseUrl: string;
  backend: BackendChoice;
  limits: Limits;
  timeoutMs: number;
  initTimeoutMs: number;
  /** URL inputs: their download's time limit, and whether they carry the page's cookies. */
  fetchTimeoutMs: number;
  fetchCredentials: RequestCredentials;
  /** null: the verdict cache is off. */
  cache: CacheSettings | null;
  cacheModels: boolean;
  onProgress: GuardOptions['onProgress'];
}

const GUARD_OPTIONS = [
  'analyzers',
  'policy',
  'modelBaseUrl',
  'backend',
  'limits',
  'timeoutMs',
  'initTimeoutMs',
  'fetchTimeoutMs',
  'fetchCredentials',
  'cache',
  'cacheModels',
  'onProgress',
];
const BROWSER_BACKENDS: readonly BackendChoice[] = ['auto', 'wasm', 'webgl', 'cpu'];
const FETCH_CREDENTIALS: readonly RequestCredentials[] = ['omit', 'same-origin', 'include'];

/** createImageGuard's options, checked and with their defaults. */
export function resolveGuardOptions(options: unknown = {}): ResolvedGuardOptions {
  const given = knownKeys(options, '', GUARD_OPTIONS, 'the options');
  return {
    analyzers: resolveAnalyzers(given.analyzers),
    policy: resolvePolicy(given.policy as GuardOptions['policy']),
    modelBaseUrl: resolveBaseUrl(given.modelBaseUrl),
    backend: oneOf(given.backend ?? 'auto', 'backend', BROWSER_BACKENDS),
    limits: resolveLimitsOption(given.limits),
    timeoutMs: checkTimeoutMs(given.timeoutMs ?? DEFAULT_TIMEOUT_MS, 'timeoutMs'),
    initTimeoutMs: checkTimeoutMs(given.initTimeoutMs ?? DEFAULT_INIT_TIMEOUT_MS, 'initTimeoutMs'),
    fetchTimeoutMs: checkTimeoutMs(given.fetchTimeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS, 'fetchTimeoutMs'),
    fetchCredentials: oneOf(given.fetchCredentials ?? 'omit', 'fetchCredentials', FETCH_CREDENTIALS),
    cache: resolveCacheOption(given.cache),
    cacheModels: boolean(given.cacheModels ?? true, 'cacheModels'),
    onProgress: optionalFunction(given.onProgress, 'onProgress') as GuardOptions['onProgress'],
  };
}

export type NodeBackendChoice = 'auto' | 'wasm' | 'cpu';

export interface ResolvedVerifierOptions {
  analyzers: AnalyzerConfig;
  policy: Policy;
  backend: NodeBackendChoice;
  limits: Limits;
  timeoutMs: number;
  allowLoadFailures: boolean;
}

/** A server shares its time between uploads: a third of the browser's. */
export const DEFAULT_VERIFIER_TIMEOUT_MS = 20_000;

const VERIFIER_OPTIONS = ['analyzers', 'policy', 'backend', 'limits', 'timeoutMs', 'allowLoadFailures'];
/** WebGL needs a GPU context Node does not have. */
const NODE_BACKENDS: readonly NodeBackendChoice[] = ['auto', 'wasm', 'cpu'];

/** createVerifier's options, checked and with their defaults. */
export function resolveVerifierOptions(options: unknown = {}): ResolvedVerifierOptions {
  const given = knownKeys(options, '', VERIFIER_OPTIONS, 'the options');
  return {
    analyzers: resolveAnalyzers(given.analyzers),
    policy: resolvePolicy(given.policy as GuardOptions['policy']),
    backend: oneOf(given.backend ?? 'auto', 'backend', NODE_BACKENDS, ' in Node'),
    limits: resolveLimitsOption(given.limits),
    timeoutMs: checkTimeoutMs(given.timeoutMs ?? DEFAULT_VERIFIER_TIMEOUT_MS, 'timeoutMs'),
    allowLoadFailures: boolean(given.allowLoadFailures ?? false, 'allowLoadFailures'),
  };
}

/** `analyzers`: each analyzer is on unless set to false; its spec checks the rest. */
export function resolveAnalyzers(value: unknown): AnalyzerConfig {
  const given = value === undefined ? {} : knownKeys(value, 'analyzers', analyzerNames, 'the analyzers');
  return Object.fromEntries(
    analyzerSpecs.map((spec: AnalyzerSpec) => [spec.name, spec.resolve(given[spec.name] as never, `analyzers.${spec.name}`)]),
  ) as AnalyzerConfig;
}

/** A time limit in milliseconds: a positive number. */
export function checkTimeoutMs(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw invalidOption(`${path} must be a positive number of milliseconds, got ${show(value)}`);
  }
  return value;
}

function resolveBaseUrl(value: unknown): string {
  if (value !== undefined && typeof value !== 'string') throw invalidOption(`modelBaseUrl must be a URL string, got ${show(value)}`);
  try {
    return resolveModelBaseUrl(value);
  } catch {
    throw invalidOption(`modelBaseUrl must be an absolute or page-relative URL, got ${show(value)}`);
  }
}

function resolveLimitsOption(value: unknown): Limits {
  if (value !== undefined && !isPlainObject(value)) throw invalidOption(`limits must be an object, got ${show(value)}`);
  return resolveLimits(value as Partial<Limits> | undefined);
}

function resolveCacheOption(value: unknown): CacheSettings | null {
  if (value !== undefined && typeof value !== 'boolean') knownKeys(value, 'cache', ['name', 'maxEntries'], 'its settings');
  return resolveCacheOptions(value as GuardOptions['cache']);
}

function oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[], where = ''): T {
  if (!allowed.includes(value as T)) {
    const quoted = allowed.map((choice) => `'${choice}'`);
    const list = `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
    throw invalidOption(`${path} must be ${list}${where}, got ${show(value)}`);
  }
  return value as T;
}

function boolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw invalidOption(`${path} must be true or false, got ${show(value)}`);
  return value;
}

function optionalFunction(value: unknown, path: string): unknown {
  if (value !== undefined && typeof value !== 'function') throw invalidOption(`${path} must be a function, got ${show(value)}`);
  return value;
}
