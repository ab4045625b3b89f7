import { parseServeArgs, ServeUsageError, SERVE_USAGE } from './config.js';
import { jsonLog } from './log.js';
import { startServer } from './serve.js';

/**
 * `image-guard-kit serve`: runs until SIGTERM or SIGINT, then closes gracefully (the images being checked finish,
 * Redis jobs held by this process are finished or left to another). Resolves to the exit code.
 */
export async function runServe(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let config;
  try {
    config = parseServeArgs(argv, env);
  } catch (error) {
    if (!(error instanceof ServeUsageError)) throw error;
    process.stderr.write(`image-guard-kit serve: ${error.message}\n\n${SERVE_USAGE}\n`);
    return 3;
  }
  if (config === 'help') {
    process.stdout.write(`${SERVE_USAGE}\n`);
    return 0;
  }
  const log = jsonLog();
  // Listened for from the start: a SIGTERM while the models load closes as cleanly as one later.
  const stopped = new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log('info', 'stopping', { signal });
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  let server;
  try {
    server = await startServer(config, log);
    await Promise.race([server.ready, stopped]);
  } catch (error) {
    log('error', 'could not start', { error: error instanceof Error ? error.message : String(error) });
    await server?.close();
    return 1;
  }
  await stopped;
  await server.close();
  return 0;
}
