import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';

// The verdict contract, checked with ajv. Shared by the vitest unit tests and the Playwright browser tests, so it
// imports neither test framework.
const schema: unknown = JSON.parse(readFileSync(new URL('../../src/verdict/verdict.schema.json', import.meta.url), 'utf8'));
// strictRequired is off: the contract lists required keys (nsfw scores) that it types through additionalProperties.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
const validate = ajv.compile(schema as object);

/** null when the verdict matches verdict.schema.json, else ajv's description of every mismatch. */
export function verdictSchemaErrors(verdict: unknown): string | null {
  return validate(verdict) ? null : ajv.errorsText(validate.errors, { dataVar: 'verdict' });
}
