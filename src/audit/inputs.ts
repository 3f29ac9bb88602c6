// The files an audit reads, from what the caller gives: paths (Node, Deno,
// Bun), Blobs and Files, or bytes with a name. Each gets the role that decides
// its checks (from the caller, else its contents, else its name: a btmp looks
// just like a wtmp) and the host it belongs to: its directory, less the system
// directories login records live in, so /var/log/wtmp and /run/utmp are one
// host's, and so are img/var/log/wtmp and img/var/run/utmp of a mounted image.
// A gzip archive is not read here, nor held: gzipArchive.ts streams it.
import type { ByteSource } from "../sources/sources.ts";
import { fileSource, memorySource } from "../sources/sources.ts";
import { blobName } from "../sources/blobName.ts";
import { bytesView, isBinary, notBytes } from "../util/bytesView.ts";
import { valueKind } from "../util/valueKind.ts";
import { GZIP_MAGIC_BYTES, isGzip } from "../sources/gzip.ts";
import { isGzipFile } from "../sources/streamSources.ts";
import type { FileRole } from "./check.ts";
import { GzipArchive } from "./gzipArchive.ts";

export type AuditInput =
  | string
  | Blob
  | { readonly path: string; readonly role?: FileRole | undefined; readonly host?: string | undefined; readonly layout?: string | undefined }
  | { readonly name: string; readonly bytes: Uint8Array | ArrayBufferView | ArrayBuffer; readonly role?: FileRole | undefined; readonly host?: string | undefined; readonly layout?: string | undefined; readonly wal?: Uint8Array | undefined };

export interface ResolvedInput {
  readonly name: string;
  readonly path: string | undefined;
  /** The bytes, read by position; a gzip archive, read as a stream. */
  readonly source: ByteSource | GzipArchive;
  /** The role the caller gave. */
  readonly role: FileRole | undefined;
  /** Which host's files: the caller's, else the directory. */
  readonly host: string;
  /** A layout id or alias the caller gave (skips detection). */
  readonly layout: string | undefined;
  /** A SQLite database's -wal given as bytes. */
  readonly wal: Uint8Array | undefined;
}

/** Where the systems keep login records (defaultPaths, wtmpdb's and lastlog2's): a trailing one is not part of the host. */
const SYSTEM_DIRECTORIES = /(?:^|\/)(?:var\/log|var\/run|run|var\/adm|var\/lib\/lastlog|var\/lib\/wtmpdb|etc\/security|etc)$/;

function hostOf(path: string): string {
  const slashed = path.replaceAll("\\", "/");
  const cut = slashed.lastIndexOf("/");
  const directory = cut < 0 ? "." : slashed.slice(0, cut) || "/";
  const host = directory.replace(SYSTEM_DIRECTORIES, "");
  return host === directory ? directory : host || "/";
}

/**
 * Refuses an input that is none of AuditInput's kinds, naming it: bytes given
 * bare were taken for a Blob ("blob.slice(...).arrayBuffer is not a
 * function"), and { bytes } without a name failed as "reading 'slice'".
 */
export function checkInput(input: unknown, k: number): void {
  if (typeof input === "string" || (typeof Blob !== "undefined" && input instanceof Blob)) return;
  if (typeof input === "object" && input !== null && !isBinary(input)) {
    const given = input as { path?: unknown; name?: unknown; bytes?: unknown };
    if ("path" in given) {
      if (typeof given.path !== "string") throw new TypeError(`utmpx: audit input ${k}'s path is ${valueKind(given.path)}, not a string`);
      return;
    }
    if ("bytes" in given) {
      if (!isBinary(given.bytes)) throw new TypeError(notBytes(given.bytes, `audit input ${k}'s bytes`));
      if (typeof given.name !== "string") throw new TypeError(`utmpx: audit input ${k}'s name is ${valueKind(given.name)}, not a string (the report names the bytes by it)`);
      return;
    }
  }
  throw new TypeError(`utmpx: audit input ${k} is ${valueKind(input)}, not a path, a Blob, { path } or { name, bytes }`);
}

export async function resolveInput(input: AuditInput): Promise<ResolvedInput> {
  if (typeof input === "string") return { name: input, path: input, source: pathSource(input), role: undefined, host: hostOf(input), layout: undefined, wal: undefined };
  if ("path" in input) return { name: input.path, path: input.path, source: pathSource(input.path), role: input.role, host: input.host ?? hostOf(input.path), layout: input.layout, wal: undefined };
  // a Blob has a bytes() method: it is told apart first
  if (!(typeof Blob !== "undefined" && input instanceof Blob) && "bytes" in input) {
    const given = input as Extract<AuditInput, { name: string }>;
    const bytes = bytesView(given.bytes, "the bytes");
    const source = isGzip(bytes) ? new GzipArchive(given.name, undefined, bytes) : memorySource(bytes, given.name);
    return { name: given.name, path: undefined, source, role: given.role, host: given.host ?? "", layout: given.layout, wal: given.wal };
  }
  const blob = input as Blob;
  const name = blobName(blob, "an audit input", "{ name, bytes }");
  let source: ByteSource | GzipArchive;
  if (isGzip(new Uint8Array(await blob.slice(0, GZIP_MAGIC_BYTES).arrayBuffer()))) {
    source = new GzipArchive(name, undefined, blob);
    await source.size(undefined); // a corrupt archive is this input's error, as when Blobs were read whole here
  } else source = memorySource(new Uint8Array(await blob.arrayBuffer()), name);
  return { name, path: undefined, source, role: undefined, host: "", layout: undefined, wal: undefined };
}

/** A file, or the gzip archive it is. One that cannot be read is read as a file: its error comes when its turn does. */
function pathSource(path: string): ByteSource | GzipArchive {
  let gzip = false;
  try {
    gzip = isGzipFile(path);
  } catch {
    // missing or unreadable: as above
  }
  return gzip ? new GzipArchive(path, path, path) : fileSource(path);
}

/** The role a record file's name suggests (after the contents ruled out lastlog and SQLite). */
export function roleFromName(name: string): FileRole {
  const base = name.slice(Math.max(name.lastIndexOf("/"), name.lastIndexOf("\\")) + 1).toLowerCase();
  if (base.includes("btmp") || base.includes("lastb")) return "btmp";
  if (base.includes("lastlog")) return "lastlog";
  if (base.includes("wtmp") || base.includes("utx.log")) return "wtmp";
  if (base.includes("utmp") || base.includes("utx.active")) return "utmp";
  return "wtmp";
}
