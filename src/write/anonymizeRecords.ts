// The engine of `anonymize`: bytes of one layout in, the same records out with
// their personal fields replaced (anonymizeFields.ts), chunk by chunk. A record
// cut by a chunk waits for the next; a file's cut-off last record is read as
// readers read it (zero-extended), rewritten, and cut where it was, so the
// copy has the original's size and shape even when it is damaged.
import type { Layout } from "../layouts/table.ts";
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import { concatBytes } from "../util/concatBytes.ts";
import { FieldRewriter } from "./anonymizeFields.ts";
import { frameBytes, frameRecord, scanFrames } from "./anonymizeFraming.ts";
import type { Pseudonyms } from "./pseudonym.ts";

/** Anonymizes one file's bytes, given in order; the output of each push() follows the last one's. */
export class Anonymizer {
  private carry = new Uint8Array(0);
  private finished = false;
  private readonly fields: FieldRewriter;

  /**
   * An anonymizer for bytes of `layout`, with the pseudonyms of one key (one
   * Pseudonyms may serve several files, its cache with it).
   * @throws UtmpError UNSUPPORTED for a layout that is not a record file
   */
  constructor(readonly layout: Layout, private readonly pseudonyms: Pseudonyms) {
    if (layout.recordSize <= 0 || (layout.kind !== "records" && layout.kind !== "lastlog")) {
      throw new UtmpError(UtmpErrorCode.UNSUPPORTED, `utmpx: anonymize cannot rewrite layout ${layout.id}`);
    }
    this.fields = new FieldRewriter(layout, pseudonyms);
  }

  /** The anonymized bytes of the whole records (or entries) `chunk` completes; the rest waits. */
  async push(chunk: Uint8Array): Promise<Uint8Array> {
    if (this.finished) throw new UtmpError(UtmpErrorCode.INTERNAL, "utmpx: anonymize: push() after finish()");
    const bytes = this.carry.length === 0 ? chunk : concatBytes([this.carry, chunk]);
    const { out, consumed } = await this.rewrite(bytes, false);
    this.carry = bytes.slice(consumed);
    return out;
  }

  /** The anonymized bytes of what is left: a cut-off last record, or nothing. */
  async finish(): Promise<Uint8Array> {
    if (this.finished) return new Uint8Array(0);
    this.finished = true;
    const { out } = await this.rewrite(this.carry, true);
    this.carry = new Uint8Array(0);
    return out;
  }

  private rewrite(bytes: Uint8Array, final: boolean): Promise<{ out: Uint8Array; consumed: number }> {
    return this.layout.framing === "utxlog" ? this.rewriteFramed(bytes, final) : this.rewriteFixed(bytes, final);
  }

  private async rewriteFixed(bytes: Uint8Array, final: boolean): Promise<{ out: Uint8Array; consumed: number }> {
    const size = this.layout.recordSize;
    const whole = bytes.length - (bytes.length % size);
    const tail = final ? bytes.length - whole : 0;
    // our copy, with room for the cut-off record read as zero-extended
    const out = new Uint8Array(whole + (tail > 0 ? size : 0));
    out.set(bytes.subarray(0, whole + tail));
    for (let at = 0; at < out.length; at += size) this.fields.collect(out, at);
    await this.pseudonyms.resolve();
    this.fields.apply();
    return { out: out.subarray(0, whole + tail), consumed: whole + tail };
  }

  private async rewriteFramed(bytes: Uint8Array, final: boolean): Promise<{ out: Uint8Array; consumed: number }> {
    const size = this.layout.recordSize;
    const { frames, consumed } = scanFrames(bytes, final);
    const records = frames.map((frame) => (frame.declared === 0 ? undefined : frameRecord(bytes, frame, size)));
    for (const record of records) if (record) this.fields.collect(record, 0);
    await this.pseudonyms.resolve();
    this.fields.apply();
    const parts = frames.map((frame, i) => frameBytes(bytes, frame, records[i] ?? new Uint8Array(size)));
    return { out: concatBytes(parts), consumed };
  }
}
