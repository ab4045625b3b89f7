import { expect } from 'vitest';
import { verdictSchemaErrors } from '../support/verdict-schema.js';

/** Fails the test with ajv's own error text when a verdict breaks the contract. */
export function expectValidVerdict(verdict: unknown): void {
  const errors = verdictSchemaErrors(verdict);
  if (errors) expect.fail(`verdict does not match the verdict schemas: ${errors}`);
}
