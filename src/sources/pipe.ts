// A pipe or socket given where a file is wanted (`cat wtmp | utmpx who
// /dev/stdin`, `utmpx lastlog <(cat lastlog)`). It stats as an empty file, and
// a read at an offset fails with ESPIPE. Every reader here reads by offset
// (detection at the start, last from the end, follow from where it was), so
// such a path is refused by name rather than read as nothing or failing with
// "invalid seek".
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";

/** What a stat says of the file's kind, where the runtime says it. */
export interface FileKind {
  isFIFO?(): boolean;
  isSocket?(): boolean;
}

/** @throws UtmpError UNSUPPORTED when `kind` is a pipe or a socket */
export function refusePipe(path: string, kind: FileKind): void {
  if (kind.isFIFO?.() || kind.isSocket?.()) {
    throw new UtmpError(UtmpErrorCode.UNSUPPORTED,
      `utmpx: ${path} is a pipe: utmpx reads a file at offsets, which a pipe cannot give; save it to a file and read that`, { path });
  }
}
