// The files an audit reads, from what the caller gives: paths (Node, Deno,
// Bun), Blobs and Files, or bytes with a name. Each gets the role that decides
// its checks (from the caller, else its contents, else its name: a btmp looks
// just like a wtmp) and the host it belongs to: its directory, less the system
// directories login records live in, so /var/log/wtmp and /run/utmp are one
// host's, and so are img/var/log/wtmp and img/var/run/utmp of a mounted image.
import type { ByteSource } from "../sources/sources.ts";
import { fileSource, memorySource } from "../sources/sources.ts";
import { blobBytes } from "../sources/gzip.ts";
import type { FileRole } from "./check.ts";

export type AuditInput =
  | string
  | Blob
  | { readonly path: string; readonly role?: FileRole | undefined; readonly host?: string | undefined; readonly layout?: string | undefined }
  | { readonly name: string; readonly bytes: Uint8Array; readonly role?: FileRole | undefined; readonly host?: string | undefined; readonly layout?: string | undefined; readonly wal?: Uint8Array | undefined };

export interface ResolvedInput {
  readonly name: string;
  readonly path: string | undefined;
  readonly source: ByteSource;
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

export async function resolveInput(input: AuditInput): Promise<ResolvedInput> {
  if (typeof input === "string") return { name: input, path: input, source: fileSource(input), role: undefined, host: hostOf(input), layout: undefined, wal: undefined };
  if ("path" in input) return { name: input.path, path: input.path, source: fileSource(input.path), role: input.role, host: input.host ?? hostOf(input.path), layout: input.layout, wal: undefined };
  if ("bytes" in input && input.bytes instanceof Uint8Array) {
    const given = input as Extract<AuditInput, { bytes: Uint8Array }>;
    return { name: given.name, path: undefined, source: memorySource(given.bytes, given.name), role: given.role, host: given.host ?? "", layout: given.layout, wal: given.wal };
  }
  const blob = input as Blob;
  const name = (blob as { name?: string }).name ?? `<blob of ${blob.size} bytes>`;
  return { name, path: undefined, source: memorySource(await blobBytes(blob, name), name), role: undefined, host: "", layout: undefined, wal: undefined };
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
