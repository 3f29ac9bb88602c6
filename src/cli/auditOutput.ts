// utmpx audit's report written host by host, as auditByHost() gives them: what
// is held is one host's findings, not every host's. Text and NDJSON go out as
// each host is done. The JSON document lists its files before its findings, and
// the files are known only at the end: its findings wait in a file of their own
// (a spool in the temporary directory), then follow the files.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AuditError, AuditedFile, HostAudit } from "../audit/audit.ts";
import { foundCount, jsonFinding, jsonHead, jsonTail, ndjsonLine, textEndParts, textFileParts } from "../format/auditReport.ts";
import type { Output } from "./output.ts";
import { cliMessage } from "./errorText.ts";

export type ReportFormat = "text" | "json" | "ndjson";

/** Writes the report of `hosts` to `out`; returns how many findings, and the files not read. */
export async function writeAuditReport(hosts: AsyncIterable<HostAudit>, format: ReportFormat, out: Output): Promise<{ findings: number; errors: AuditError[] }> {
  const write = async (part: string) => {
    out.write(part);
    if (out.full) await out.ready(); // a slow reader slows the audit, rather than the report piling up
  };
  const files: AuditedFile[] = [];
  const errors: AuditError[] = [];
  let findings = 0;
  const spool = format === "json" ? new Spool() : undefined;
  try {
    for await (const host of hosts) {
      for (const f of host.files) files.push(f);
      for (const e of host.errors) errors.push({ ...e, message: cliMessage(e) }); // a file's error in the CLI's words ("Is a directory")
      if (format === "text") for (const part of textFileParts(host.files, host.findings)) await write(part);
      else if (format === "ndjson") for (const f of host.findings) await write(ndjsonLine(f));
      else host.findings.forEach((f, k) => spool!.add(jsonFinding(f, findings === 0 && k === 0)));
      findings += foundCount(host.findings);
      if (!out.open) return { findings, errors };
    }
    if (format === "text") for (const part of textEndParts(errors, findings, files.length)) await write(part);
    if (spool) {
      await write(jsonHead(files));
      for (const chunk of spool.chunks()) {
        out.writeBytes(chunk);
        if (out.full) await out.ready();
      }
      await write(jsonTail(errors, findings > 0));
    }
    return { findings, errors };
  } finally {
    spool?.dispose();
  }
}

/** Bytes gathered before a write to the spool: one write a finding would be half a million calls. */
const SPOOL_BATCH = 1 << 20;

/**
 * Text kept in a new file of the temporary directory until it is read back
 * (chunks()), then removed (dispose()); in memory where no such file can be
 * made (a read-only or full temporary directory).
 */
class Spool {
  private dir: string | undefined;
  private fd: number | undefined;
  private pending: string[] = [];
  private pendingLength = 0;
  /** The text itself, when there is no file. */
  private readonly held: string[] = [];

  constructor() {
    try {
      this.dir = mkdtempSync(join(tmpdir(), "utmpx-audit-"));
      this.fd = openSync(join(this.dir, "findings.json"), "w+");
    } catch {
      this.dispose();
    }
  }

  add(text: string): void {
    if (this.fd === undefined) {
      this.held.push(text);
      return;
    }
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= SPOOL_BATCH) this.drain();
  }

  /** The text added, in order, in chunks of at most 1 MiB (each valid until the next). */
  *chunks(): Generator<Uint8Array> {
    if (this.fd === undefined) {
      const utf8 = new TextEncoder();
      for (const text of this.held) yield utf8.encode(text);
      return;
    }
    this.drain();
    const chunk = new Uint8Array(1 << 20);
    for (let at = 0; ;) {
      const n = readSync(this.fd, chunk, 0, chunk.length, at);
      if (n === 0) return;
      yield chunk.subarray(0, n);
      at += n;
    }
  }

  dispose(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    if (this.dir !== undefined) rmSync(this.dir, { recursive: true, force: true });
    this.fd = this.dir = undefined;
  }

  private drain(): void {
    if (this.pending.length === 0) return;
    writeAll(this.fd!, this.pending.join(""));
    this.pending = [];
    this.pendingLength = 0;
  }
}

/** Writes the whole string (writeSync may write less than asked). */
function writeAll(fd: number, text: string): void {
  const bytes = new TextEncoder().encode(text);
  for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
}
