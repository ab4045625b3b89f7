#!/usr/bin/env node
/**
 * `npx image-guard-kit verify <files...>`: the Node verifier on the command line (docs/API.md). One line per file,
 * in the order given; one file that cannot be checked does not stop the rest. The exit code sums up all files.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ImageGuardError } from '../errors.js';
import { resolvePolicy } from '../policy/resolve.js';
import type { PolicyInput } from '../policy/types.js';
import type { Verdict } from '../verdict/types.js';
import { isPresetName, parseCommand, UsageError, USAGE, type Command } from './args.js';
import { createVerifier, type Verifier } from './verify.js';

const EXIT = { passed: 0, rejected: 1, review: 2, usage: 3, hashMismatch: 4 } as const;

async function main(argv: readonly string[], out = process.stdout, err = process.stderr): Promise<number> {
  // The HTTP service (src/server, docs/SERVER.md), loaded only when asked for: it brings BullMQ.
  if (argv[0] === 'serve') return (await import('../server/cli.js')).runServe(argv.slice(1));
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err.write(`image-guard-kit: ${error.message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  if (command.kind === 'help') {
    out.write(`${USAGE}\n`);
    return EXIT.passed;
  }
  if (command.kind === 'version') {
    out.write(`${await packageVersion()}\n`);
    return EXIT.passed;
  }
  let policy: PolicyInput;
  try {
    policy = await loadPolicy(command.policy);
  } catch (error) {
    err.write(`image-guard-kit: ${messageOf(error)}\n`);
    return EXIT.usage;
  }

  let verifier: Verifier;
  try {
    verifier = await createVerifier({
      policy,
      analyzers: command.analyzers,
      backend: command.backend,
      ...(command.timeoutMs === null ? {} : { timeoutMs: command.timeoutMs }),
    });
  } catch (error) {
    // Fail closed: without every analyzer no file would be fully checked, so none is.
    err.write(`image-guard-kit: ${messageOf(error)}\nNo file was checked.\n`);
    return EXIT.rejected;
  }
  /** An image rejected, or one that was not fully checked. */
  let failed = false;
  let review = false;
  let hashMismatch = false;
  try {
    for (const file of command.files) {
      try {
        const verdict = await verifier.verifyFile(file);
        const hashMatches = command.expectHash === null ? null : verdict.hash === command.expectHash;
        // An analyzer missing from its verdict (a thread restarted without it) means it was not fully checked.
        failed ||= verdict.suggestedActions.reject || verdict.analysis.errors.length > 0;
        review ||= verdict.suggestedActions.review;
        hashMismatch ||= hashMatches === false;
        out.write(
          command.json
            ? `${JSON.stringify({ file, verdict, ...(hashMatches === null ? {} : { hashMatches }) })}\n`
            : `${describeVerdict(file, verdict, hashMatches, command.expectHash)}\n`,
        );
      } catch (error) {
        const failure =
          error instanceof ImageGuardError ? error : new ImageGuardError('analysis_failed', messageOf(error), { cause: error });
        failed = true;
        out.write(
          command.json
            ? `${JSON.stringify({ file, error: failure.toJSON() })}\n`
            : `${basename(file)}: not checked (${failure.code}): ${failure.message}\n`,
        );
      }
    }
  } finally {
    await verifier.dispose();
  }
  if (hashMismatch) return EXIT.hashMismatch;
  if (failed) return EXIT.rejected;
  if (review && command.failOn === 'review') return EXIT.review;
  return EXIT.passed;
}

/** A preset by name; any other value is read as a policy JSON file, checked here so a bad one is a usage error. */
async function loadPolicy(policy: string): Promise<PolicyInput> {
  if (isPresetName(policy)) return policy as PolicyInput;
  let text: string;
  try {
    text = await readFile(policy, 'utf8');
  } catch (cause) {
    throw new Error(`--policy ${policy}: not a preset (balanced, strict, permissive) and not a readable file (${messageOf(cause)})`);
  }
  try {
    const input = JSON.parse(text) as PolicyInput;
    resolvePolicy(input);
    return input;
  } catch (cause) {
    throw new Error(`--policy ${policy}: ${messageOf(cause)}`);
  }
}

/** "cat.jpg: G, passed" or "x.png: R, rejected: [reject] Looks like explicit sexual content (93%)." */
function describeVerdict(file: string, verdict: Verdict, hashMatches: boolean | null, expectHash: string | null): string {
  const { reject, review } = verdict.suggestedActions;
  const outcome = reject ? 'rejected' : review ? 'needs review' : 'passed';
  const reasons = verdict.analysis.flags.map((flag) => `[${flag.action}] ${flag.reason}`);
  const line = `${basename(file)}: ${verdict.summary.contentRating}, ${outcome}${reasons.length ? `: ${reasons.join(' ')}` : ''}`;
  return hashMatches === false ? `${line}; NOT the file expected: its SHA-256 is ${verdict.hash}, not ${expectHash}` : line;
}

/** The main thread never loads the analysis code (src/runtime/pipeline.ts and its models): its errors are Errors. */
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function packageVersion(): Promise<string> {
  const manifest = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

main(process.argv.slice(2)).then(
  (code) => {
    // Not process.exit(): the process ends when the verifier has let go of everything.
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`image-guard-kit: ${messageOf(error)}\n`);
    process.exitCode = EXIT.rejected;
  },
);
