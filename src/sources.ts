// Where a database's bytes come from: memory or a file, both read by offset.
import { fileSystem, withFile } from "./fileAccess.ts";

export interface ByteSource {
  /** For messages: the path, or a description. */
  readonly name: string;
  readonly path: string | undefined;
  size(): number;
  /** Copies up to target.length bytes from `offset` into target; returns the count. */
  readInto(offset: number, target: Uint8Array): number;
  /**
   * Where the next data at or after `offset` starts, skipping holes of a sparse
   * file (SEEK_DATA), or undefined where the runtime cannot tell.
   */
  nextData?(offset: number): number | undefined;
  /** Files only: one append of bytes built from the current size (see SyncFileSystem.append). */
  append?(build: (size: number, settled: boolean) => Uint8Array): number;
  /** Files only: one positioned write. */
  writeAt?(offset: number, bytes: Uint8Array): void;
}

export function memorySource(bytes: Uint8Array, name = `<${bytes.length} bytes>`): ByteSource {
  return {
    name, path: undefined,
    size: () => bytes.length,
    readInto(offset, target) {
      const part = bytes.subarray(Math.min(offset, bytes.length), Math.min(offset + target.length, bytes.length));
      target.set(part);
      return part.length;
    },
  };
}

/** A file read afresh on every call (these files change while a system runs). */
export function fileSource(path: string): ByteSource {
  return {
    name: path, path,
    size: () => withFile(path, "read the size of", () => fileSystem().size(path)),
    readInto: (offset, target) => withFile(path, "read", () => fileSystem().read(path, offset, target)),
    nextData: (offset) => withFile(path, "seek in", () => fileSystem().nextData?.(path, offset)),
    append: (build) => withFile(path, "append to", () => fileSystem().append(path, build)),
    writeAt: (offset, bytes) => withFile(path, "write", () => fileSystem().writeAt(path, offset, bytes)),
  };
}
