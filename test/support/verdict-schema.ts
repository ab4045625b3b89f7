import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';

// The verdict schemas, checked with ajv. Shared by the vitest unit tests and the Playwright browser tests, so it
// imports neither test framework. A verdict must match both: the shared contract (verdict.schema.json, the
// ContentMod shape other services rely on) and the library's full schema (verdict.full.schema.json, every key and
// no other), so a key added to the verdict without a schema for it fails every test that checks a verdict.
const read = (file: string): object => JSON.parse(readFileSync(new URL(`../../src/verdict/${file}`, import.meta.url), 'utf8'));
// strictRequired is off: the contract lists required keys (nsfw scores) that it types through additionalProperties.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
const schemas = { contract: ajv.compile(read('verdict.schema.json')), full: ajv.compile(read('verdict.full.schema.json')) };

/** null when the verdict matches both schemas, else ajv's description of every mismatch, by schema. */
export function verdictSchemaErrors(verdict: unknown): string | null {
  const errors = Object.entries(schemas).flatMap(([name, validate]) =>
    validate(verdict) ? [] : [`${name} schema: ${ajv.errorsText(validate.errors, { dataVar: 'verdict' })}`],
  );
  return errors.length > 0 ? errors.join('; ') : null;
}
