// Where `utmpx anonymize` writes: a new file, never the input (by real path or
// by inode: a symlink or a hard link to the input is the input), and never
// half a file under its name. The bytes go to a hidden temporary file beside
// the output, are flushed, and take the output's name only when complete, by
// a hard link, which fails rather than replace a file that appeared meanwhile.
// Runs of zero bytes are left as holes, so a sparse lastlog (uids in the
// billions) stays sparse.
import { closeSync, fsyncSync, ftruncateSync, linkSync, lstatSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { CliError } from "./cliError.ts";
import { sameFile } from "./sameFile.ts";

/** @throws CliError when `output` is the input or already exists */
export function checkOutput(input: string, output: string): void {
  if (sameFile(input, output)) {
    throw new CliError(`the output ${output} is the input ${input}: anonymize never writes over its input`, { hint: false });
  }
  if (lstatSync(output, { throwIfNoEntry: false }) !== undefined) {
    throw new CliError(`${output} exists: anonymize writes a new file (remove it first)`, { hint: false });
  }
}

/** The unit of holes: a run of zeros this long, so aligned, is not written. */
const BLOCK = 64 << 10;

const isZero = (bytes: Uint8Array): boolean => {
  for (const b of bytes) if (b !== 0) return false;
  return true;
};

/** A new file being written at positions; commit() gives it its name, abandon() removes it. */
export class OutputFile {
  private readonly temp: string;
  private readonly fd: number;
  private size = 0;

  /** @param mode permission bits, the input's: a btmp readable by root alone gives a copy readable by its owner alone */
  constructor(private readonly path: string, mode: number) {
    const random = Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, "0");
    // hidden, and named after its target, so one left by a crash says whose it was
    this.temp = join(dirname(path), `.${basename(path)}.utmpx-${random}.tmp`);
    this.fd = openSync(this.temp, "wx", mode & 0o666);
  }

  /** Writes `bytes` at `offset`; all-zero blocks are left as holes (the final size reads them as zeros). */
  writeAt(offset: number, bytes: Uint8Array): void {
    this.size = Math.max(this.size, offset + bytes.length);
    for (let at = 0; at < bytes.length; ) {
      // blocks end on file offsets that are multiples of BLOCK, as a file system's do
      const end = Math.min(bytes.length, at + BLOCK - ((offset + at) % BLOCK));
      const block = bytes.subarray(at, end);
      if (!isZero(block)) for (let done = 0; done < block.length; ) done += writeSync(this.fd, block, done, block.length - done, offset + at + done);
      at = end;
    }
  }

  /** Sets the size, flushes, and gives the file its name. @throws CliError when a file took the name meanwhile */
  commit(size = this.size): void {
    ftruncateSync(this.fd, size);
    fsyncSync(this.fd);
    closeSync(this.fd);
    try {
      linkSync(this.temp, this.path);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === "EEXIST") {
        this.remove();
        throw new CliError(`${this.path} was created while anonymize ran: nothing was written over it`, { hint: false });
      }
      // a file system without hard links: a rename, after a last look that the name is still free
      if (lstatSync(this.path, { throwIfNoEntry: false }) !== undefined) {
        this.remove();
        throw new CliError(`${this.path} was created while anonymize ran: nothing was written over it`, { hint: false });
      }
      renameSync(this.temp, this.path);
      return;
    }
    this.remove();
  }

  /** Removes the temporary file (after a failure). */
  abandon(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed by commit()
    }
    this.remove();
  }

  private remove(): void {
    try {
      unlinkSync(this.temp);
    } catch {
      // gone already
    }
  }
}
