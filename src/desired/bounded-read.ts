// Reading a file the user named (config, key file, plan file, journal) so that no file can hang the run or
// fill memory: opened without blocking (opening a FIFO with no writer would otherwise block a libuv worker,
// and a process with a blocked worker does not even exit on Ctrl-C), only regular files accepted where a
// file is expected, and never more than a cap read. Pipes are read only where the caller allows them (the
// config: `-f /dev/stdin`, `-f <(…)`), through the event loop, so an interrupt still ends the process.
import { constants, fstat, open, read, close, type Stats } from "node:fs";
// A local pipe's fd, read on the event loop; never a connection.
import { Socket } from "node:net";
import { promisify } from "node:util";

export class FileReadError extends Error {
  override readonly name = "FileReadError";
  constructor(
    message: string,
    /** The system's code (ENOENT, EACCES, …), or undefined for the tool's own refusals. */
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface BoundedReadOptions {
  /** At most this many bytes; a larger file is refused. */
  readonly maxBytes: number;
  /** What the file is, for messages: "a config is a few kilobytes". */
  readonly sizeHint: string;
  /** Read a pipe or FIFO (until it closes, within the cap) instead of refusing it. */
  readonly allowPipe?: boolean;
}

/** System error codes in words, for every message about a file the user named (read here, written by cli/). */
export const FILE_ERROR_WORDS: Readonly<Record<string, string>> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "this is a directory, not a file",
  ENOTDIR: "a part of the path is not a directory",
  ELOOP: "too many symbolic links",
  ENOSPC: "no space left on the device",
  EROFS: "the file system is read-only",
};
const WORDS = FILE_ERROR_WORDS;

const openFd = promisify(open);
const statFd = promisify(fstat);
const readFd = promisify(read);
const closeFd = promisify(close);

/** The file's bytes, or a FileReadError that says in words what is wrong (with the system's code). */
export async function readBounded(path: string, options: BoundedReadOptions): Promise<Uint8Array> {
  let fd: number;
  try {
    fd = await openFd(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new FileReadError(
      code !== undefined && WORDS[code] !== undefined ? `${WORDS[code]} (${code})` : (code ?? String(err)),
      code,
    );
  }
  let stats: Stats;
  try {
    stats = await statFd(fd);
  } catch (err) {
    await closeFd(fd).catch(() => undefined);
    throw new FileReadError(`cannot inspect the file (${(err as NodeJS.ErrnoException).code ?? "error"})`);
  }
  if (stats.isFIFO() && options.allowPipe) return readPipe(fd, options);
  try {
    if (stats.isDirectory()) throw new FileReadError("this is a directory, not a file (EISDIR)", "EISDIR");
    if (!stats.isFile()) {
      const kind = stats.isFIFO()
        ? "a pipe (FIFO)"
        : stats.isSocket()
          ? "a socket"
          : stats.isCharacterDevice() || stats.isBlockDevice()
            ? "a device"
            : "not a file";
      throw new FileReadError(`this is ${kind}, not a regular file; give the path of a file`);
    }
    if (stats.size > options.maxBytes) throw tooLarge(options);
    // Room for its size plus one byte (many files at once must not each take the cap); a file that grows
    // while it is read fills it, and is refused rather than read forever.
    const buffer = new Uint8Array(stats.size + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await readFd(fd, buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length)
        throw new FileReadError("the file grew while it was read; try again once it is written");
    }
    return buffer.subarray(0, length);
  } finally {
    await closeFd(fd).catch(() => undefined);
  }
}

const tooLarge = (options: BoundedReadOptions) =>
  new FileReadError(`the file is larger than ${options.maxBytes} bytes; ${options.sizeHint}`);

/** A pipe through the event loop (not a blocking worker read): an interrupt ends the process while it waits. */
function readPipe(fd: number, options: BoundedReadOptions): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const socket = new Socket({ fd, readable: true, writable: false });
    const chunks: Buffer[] = [];
    let length = 0;
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      if (length > options.maxBytes) {
        socket.destroy();
        reject(tooLarge(options));
      }
    });
    socket.once("error", (err: NodeJS.ErrnoException) =>
      reject(new FileReadError(`cannot read the pipe (${err.code ?? "error"})`, err.code)),
    );
    socket.once("end", () => {
      socket.destroy();
      resolve(new Uint8Array(Buffer.concat(chunks)));
    });
  });
}
