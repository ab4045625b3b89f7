import { constants, type Stats } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { ImageGuardError } from '../errors.js';
import { checkBytes } from '../input/probe.js';

/** Read in steps of this size, so memory grows with what the file holds, never past maxBytes and one step. */
const CHUNK = 1 << 20;

/**
 * An upload on disk, read for the verifier: a regular file only (a symbolic link, FIFO, device, socket or
 * directory is refused with 'invalid_input', and nothing is followed), refused by its size before it is read, and
 * read with a bound: at most maxBytes + 1 bytes, whatever its size said, so a file that grows while it is read
 * cannot grow memory either.
 */
export async function readUploadFile(path: string, maxBytes: number): Promise<Uint8Array> {
  const handle = await openRegular(path);
  try {
    const stats = await handle.stat();
    // The file opened is the one checked: a path swapped for a FIFO or device after lstat is refused here.
    refuseIfNotRegular(path, stats);
    checkBytes(stats.size, { maxBytes });
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) checkBytes(total, { maxBytes });
    }
    return new Uint8Array(Buffer.concat(chunks, total));
  } catch (cause) {
    if (cause instanceof ImageGuardError) throw cause;
    throw unreadable(path, cause);
  } finally {
    await handle.close();
  }
}

/**
 * lstat first (a symbolic link is refused, not followed), then open without following links and without blocking,
 * so a FIFO cannot hang the open.
 */
async function openRegular(path: string) {
  try {
    refuseIfNotRegular(path, await lstat(path));
    return await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (cause) {
    if (cause instanceof ImageGuardError) throw cause;
    throw unreadable(path, cause);
  }
}

function unreadable(path: string, cause: unknown): ImageGuardError {
  return new ImageGuardError('invalid_input', `Could not read ${path}: ${cause instanceof Error ? cause.message : String(cause)}.`, {
    cause,
  });
}

function refuseIfNotRegular(path: string, stats: Stats): void {
  if (stats.isFile()) return;
  const what = stats.isSymbolicLink()
    ? 'a symbolic link'
    : stats.isFIFO()
      ? 'a FIFO (named pipe)'
      : stats.isCharacterDevice() || stats.isBlockDevice()
        ? 'a device'
        : stats.isSocket()
          ? 'a socket'
          : stats.isDirectory()
            ? 'a folder'
            : 'not a regular file';
  throw new ImageGuardError('invalid_input', `${path} is ${what}: the verifier reads regular files only.`);
}
