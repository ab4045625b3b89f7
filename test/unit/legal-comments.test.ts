import { describe, expect, it } from 'vitest';
import { dedupeLegalComments } from '../../src/vite/legal-comments.js';

const apache = '/**\n * @license\n * Copyright 2020 Google LLC.\n */\n';
const mit = '/*! lit | MIT */\n';

describe('dedupeLegalComments', () => {
  it('keeps the first copy of each notice and drops its repeats', () => {
    const code = `${apache}var a=1;\n${apache}var b=2;\n${mit}var c=3;\n${apache}${mit}var d=4;\n`;
    expect(dedupeLegalComments(code)).toBe(`${apache}var a=1;\nvar b=2;\n${mit}var c=3;\nvar d=4;\n`);
  });

  it('leaves comments that are not legal ones, and code that only looks like a comment inside a line', () => {
    const code = '/** a doc comment */\nvar x="image/**";\n/** a doc comment */\nvar y="/*! not at a line start */";\n';
    expect(dedupeLegalComments(code)).toBe(code);
  });
});
