import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verdictSchemaErrors } from '../support/verdict-schema.js';
import { analyzerSpecs } from '../../src/analyzers/registry.js';
import type { Verdict } from '../../src/verdict/types.js';
import { cases, caseNamed, verdictOf } from './verdict-cases.js';

// The full schema (verdict.full.schema.json) covers every key a verdict carries: each object in a verdict that the
// library shapes refuses a key it does not know, so a key added to the verdict without its schema fails the tests.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every object in a verdict, with its path; `meta` is the caller's and timings are keyed by stage, so both are open. */
function objectsIn(value: Json, path: string[] = []): { path: string[]; node: { [key: string]: Json } }[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => objectsIn(item, [...path, String(index)]));
  if (value === null || typeof value !== 'object') return [];
  const open = path.join('.') === 'meta' || path.join('.') === 'analysis.timings';
  const children = Object.entries(value).flatMap(([key, child]) => objectsIn(child, [...path, key]));
  return open ? children : [{ path, node: value }, ...children];
}

const copy = (verdict: Verdict): Json => JSON.parse(JSON.stringify(verdict)) as Json;

describe('the full verdict schema', () => {
  it('accepts every verdict of the cases, as the guard returns them (with cached)', () => {
    for (const entry of cases) {
      const verdict = verdictOf(entry);
      expect(verdictSchemaErrors({ ...verdict, analysis: { ...verdict.analysis, cached: false } }), entry.name).toBeNull();
    }
  });

  it('refuses a key it does not know in any object the library shapes', () => {
    const checked = new Set<string>();
    for (const entry of cases) {
      const verdict = copy(verdictOf(entry));
      for (const { path } of objectsIn(verdict)) {
        const changed = copy(verdictOf(entry));
        const target = path.reduce<Json>((node, key) => (node as Record<string, Json>)[key]!, changed) as Record<string, Json>;
        target.unexpectedKey = 1;
        expect(verdictSchemaErrors(changed), `${entry.name}: ${path.join('.') || 'top level'}`).toMatch(/must NOT have additional properties/);
        checked.add(path.filter((key) => !/^\d+$/.test(key)).join('.'));
      }
    }
    // Every part of the evidence was reached by the cases.
    for (const part of ['', 'analysis.nsfw.scores', 'analysis.faces.items.box', 'analysis.objects.items', 'analysis.quality', 'analysis.metadata.gps', 'analysis.metadata.camera', 'analysis.errors', 'analysis.text.findings', 'analysis.flags.params', 'analysis.policy.minors']) {
      expect(checked, part).toContain(part);
    }
  });

  it('checks a flag\'s params against its signal', () => {
    const verdict = verdictOf(caseNamed('explicit, rejected'));
    const [flag] = verdict.analysis.flags;
    const swapped = { ...flag!, params: { kinds: ['email'] } };
    const errors = verdictSchemaErrors({ ...verdict, analysis: { ...verdict.analysis, flags: [swapped] } });
    expect(errors).toMatch(/flags\/0\/params/);
  });

  it('names every analyzer with a model, as the registry lists them', () => {
    const full = JSON.parse(readFileSync(new URL('../../src/verdict/verdict.full.schema.json', import.meta.url), 'utf8'));
    const withModel = analyzerSpecs.filter((spec) => spec.model !== null).map((spec) => spec.name);
    expect([...full.$defs.modelAnalyzer.enum].sort()).toEqual([...withModel].sort());
  });

  it('is stricter than the shared contract, not different: its top-level keys and required keys are the contract\'s', () => {
    const read = (file: string) => JSON.parse(readFileSync(new URL(`../../src/verdict/${file}`, import.meta.url), 'utf8'));
    const contract = read('verdict.schema.json');
    const full = read('verdict.full.schema.json');
    expect(Object.keys(full.properties)).toEqual(Object.keys(contract.properties));
    expect(full.required).toEqual(contract.required);
    expect(full.properties.analysis.required).toEqual(expect.arrayContaining(contract.properties.analysis.required));
  });
});
