// The audit of every file read so far, and the SHA-256 of the files not yet
// hashed, as a job for a helper (helper.ts): each file read whole from its
// Blob there. Why a helper: the audit of a million records takes seconds, and
// the decoding worker meanwhile decodes again the part a helper decoded and
// pairs the sessions; on two cores both go at once, and the decoding worker
// never holds a second copy of the file's bytes.
import type { Finding } from "../protocol.ts";
import { auditFiles, type AuditFile } from "./auditFindings.ts";
import { readWhole } from "./readWhole.ts";
import { sha256Hex } from "./sha256.ts";

export interface AuditSource {
  readonly id: number; readonly name: string; readonly blob: Blob; readonly gzip: boolean; readonly btmp: boolean;
  /** The layout chosen by hand, if any. */
  readonly layout: string | undefined;
  /** The file's records' byte offsets, in row order. */
  readonly offsets: Float64Array;
}

export interface AuditJob { readonly audit: { readonly files: readonly AuditSource[]; readonly hash: readonly number[] } }

/** Replies: the findings, then each hash, then over (or an error, which ends the job). */
export type AuditReply =
  | { readonly findings: { file: number; findings: Finding[] }[]; readonly errors: string[] }
  | { readonly hashed: number; readonly sha256: string }
  | { readonly over: true }
  | { readonly error: string };

/** A file's bytes as they are (for the hash) and its records' (an archive gunzipped, for the audit). */
async function bytesOf(f: AuditSource, signal: AbortSignal): Promise<{ raw: Uint8Array; records: Uint8Array }> {
  const raw = await readWhole(f.blob, signal);
  if (!f.gzip) return { raw, records: raw };
  const stream = f.blob.stream().pipeThrough(new DecompressionStream("gzip"));
  return { raw, records: new Uint8Array(await new Response(stream).arrayBuffer()) };
}

/** Runs the job (in a helper, or where no helper could start, here), telling `reply` as it goes. */
export async function runAudit({ audit: job }: AuditJob, reply: (m: AuditReply) => void): Promise<void> {
  try {
    const signal = new AbortController().signal; // a job replaced is ended with its helper
    const list: AuditFile[] = [];
    const raws = new Map<number, Uint8Array>();
    const names = new Set<string>();
    for (const f of job.files) {
      const { raw, records } = await bytesOf(f, signal);
      if (job.hash.includes(f.id)) raws.set(f.id, raw);
      // the audit names findings by file name: two files of one name are told apart
      const name = names.has(f.name) ? `${f.name} (${f.id})` : f.name;
      names.add(name);
      list.push({ id: f.id, name, bytes: records, btmp: f.btmp, layout: f.layout, offsets: f.offsets });
    }
    if (list.length > 0) {
      const { byFile, errors } = await auditFiles(list, signal);
      reply({ findings: [...byFile].map(([file, findings]) => ({ file, findings })), errors });
    }
    for (const [id, raw] of raws) reply({ hashed: id, sha256: await sha256Hex(raw) });
    reply({ over: true });
  } catch (err) {
    reply({ error: err instanceof Error ? err.message : String(err) });
  }
}
