import { constants, type Stats } from "node:fs";
import { open, stat } from "node:fs/promises";
import { InputError } from "./errors.js";
import { REFUSAL } from "./messages/refusals.js";

/**
 * Reading an input file, and only a regular one: a named pipe blocks its reader until someone
 * writes, `/dev/zero` never ends, and neither has a size to check before reading. The file is sized
 * with `stat` before a byte is read and read with that bound, so an input over the limit costs
 * nothing, and one that changes size while read is refused.
 */

/** What a file that is not a regular file is, for the reason that refuses it. */
function specialKind(info: Stats): string | null {
  if (info.isFile()) return null;
  if (info.isDirectory()) return REFUSAL.kinds.folder;
  if (info.isFIFO()) return REFUSAL.kinds.fifo;
  if (info.isSocket()) return REFUSAL.kinds.socket;
  if (info.isCharacterDevice()) return REFUSAL.kinds.characterDevice;
  if (info.isBlockDevice()) return REFUSAL.kinds.blockDevice;
  return REFUSAL.kinds.other;
}

function refuseUnlessRegular(info: Stats): void {
  const kind = specialKind(info);
  if (kind !== null) throw new InputError(REFUSAL.notRegular({ kind }));
}

function refuseIfTooLarge(size: number, maxBytes: number): void {
  if (size > maxBytes) throw new InputError(REFUSAL.tooLarge({ bytes: size, limit: maxBytes }));
}

/**
 * The bytes of `file`, a regular file (a symbolic link to one is followed) of at most `maxBytes`;
 * anything else is an InputError that says why.
 */
export async function readRegularFile(file: string, maxBytes: number): Promise<Uint8Array> {
  const info = await stat(file).catch(() => {
    throw new InputError(REFUSAL.unreadable);
  });
  refuseUnlessRegular(info);
  refuseIfTooLarge(info.size, maxBytes);
  // Non-blocking: were the name swapped for a pipe since `stat`, opening it would wait for a writer.
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK).catch(() => {
    throw new InputError(REFUSAL.unreadable);
  });
  try {
    // The file opened is what is read: checked again, whatever the name pointed to before.
    const opened = await handle.stat();
    refuseUnlessRegular(opened);
    refuseIfTooLarge(opened.size, maxBytes);
    const buffer = new Uint8Array(opened.size);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    // A byte past the size `stat` gave: the file is being written to, and what was read is no whole.
    const { bytesRead: beyond } = await handle.read(new Uint8Array(1), 0, 1, null);
    if (length < buffer.length || beyond > 0) throw new InputError(REFUSAL.changedWhileRead);
    return buffer;
  } catch (error) {
    throw error instanceof InputError ? error : new InputError(REFUSAL.unreadable);
  } finally {
    await handle.close();
  }
}
