import { parseArgs } from 'node:util';
import { analyzerNames, type AnalyzerName } from '../analyzers/registry.js';

/** What the command line asks for; parsing is pure, so it is unit-tested without running anything. */
export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | {
      kind: 'verify';
      files: string[];
      json: boolean;
      /** A preset name, or the path of a policy JSON file. */
      policy: string;
      /** Each analyzer, on unless its --no-<name> switch was given. */
      analyzers: Record<AnalyzerName, boolean>;
      failOn: 'reject' | 'review';
      expectHash: string | null;
      backend: 'auto' | 'wasm' | 'cpu';
      /** Per file, in ms; null: the verifier's default. */
      timeoutMs: number | null;
    };

/** A command line that cannot be run as written: exit code 3, with the message and the usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const SWITCHES = analyzerNames.map((name) => `--no-${name}`);

export const USAGE = `Usage: image-guard-kit verify <files...> [options]
       image-guard-kit serve [options]     (the HTTP service: image-guard-kit serve --help, docs/SERVER.md)

Screens each image as the browser's <image-guard> does (${analyzerNames.join(', ')}) and prints its verdict.

Options:
  --json                  JSON Lines: {"file", "verdict"} per file, in the order given, or {"file", "error":
                          {"code", "message"}} for a file that could not be checked
  --policy <name|file>    balanced (default), strict, permissive, or a policy JSON file (docs/POLICY.md)
  ${SWITCHES.join(', ')}
                          Switch an analyzer off
  --fail-on <review|reject>
                          review (default): exit 2 when an image needs review, so an unattended script
                          never takes one as passed; reject: exit 0 for review, only rejections fail
  --expect-hash <sha256>  The SHA-256 the client's verdict names; exit 4 when the file's is another (one file only)
  --backend <wasm|cpu>    tfjs backend (default: wasm, cpu as fallback)
  --timeout-ms <ms>       Longest check of one file (default 20000); past it the file is not checked
  -h, --help              This help
  -v, --version           The package version

Exit codes: 0 every image passed; 1 an image was rejected or was not fully checked (unreadable, refused, timed
out, or an analyzer could not load: then no file is checked); 2 an image needs review (unless --fail-on reject);
3 usage error; 4 the file is not the one --expect-hash names.`;

const PRESETS = ['balanced', 'strict', 'permissive'];

export function parseCommand(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        policy: { type: 'string' },
        ...Object.fromEntries(analyzerNames.map((name) => [`no-${name}`, { type: 'boolean' } as const])),
        'fail-on': { type: 'string' },
        'expect-hash': { type: 'string' },
        backend: { type: 'string' },
        'timeout-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const [command, ...files] = positionals;
  if (command === undefined) throw new UsageError('No command given.');
  if (command !== 'verify') throw new UsageError(`Unknown command ${JSON.stringify(command)}: the command is verify or serve.`);
  if (files.length === 0) throw new UsageError('verify needs at least one image file.');
  const failOn = values['fail-on'] ?? 'review';
  if (failOn !== 'reject' && failOn !== 'review') throw new UsageError(`--fail-on is reject or review, not ${JSON.stringify(failOn)}.`);
  const backend = values.backend ?? 'auto';
  if (backend !== 'auto' && backend !== 'wasm' && backend !== 'cpu') {
    throw new UsageError(`--backend is wasm or cpu, not ${JSON.stringify(backend)}.`);
  }
  const expectHash = values['expect-hash']?.toLowerCase() ?? null;
  if (expectHash !== null && !/^[0-9a-f]{64}$/.test(expectHash)) {
    throw new UsageError('--expect-hash takes a SHA-256 as 64 hexadecimal digits, as in verdict.hash.');
  }
  if (expectHash !== null && files.length > 1) throw new UsageError('--expect-hash checks one file; give exactly one.');
  const timeout = values['timeout-ms'];
  const timeoutMs = timeout === undefined ? null : Number(timeout);
  if (timeoutMs !== null && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) {
    throw new UsageError(`--timeout-ms takes a whole number of milliseconds, not ${JSON.stringify(timeout)}.`);
  }
  const policy = values.policy ?? 'balanced';
  if (policy === '') throw new UsageError(`--policy needs ${PRESETS.join(', ')} or a policy JSON file.`);
  return {
    kind: 'verify',
    files,
    json: values.json ?? false,
    policy,
    analyzers: Object.fromEntries(analyzerNames.map((name) => [name, !(values as Record<string, unknown>)[`no-${name}`]])) as Record<
      AnalyzerName,
      boolean
    >,
    failOn,
    expectHash,
    backend,
    timeoutMs,
  };
}

/** A preset's name as is; anything else is the path of a policy JSON file. */
export function isPresetName(policy: string): boolean {
  return PRESETS.includes(policy);
}
