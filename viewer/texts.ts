// The page's copy of the worker's dictionary: every text the columns' ids name,
// kept as the UTF-8 bytes the worker sent (NewTexts) and decoded one by one
// when first shown. Why lazily: a file of logins from many hosts brings
// ~230,000 texts per million records, and the table shows a few dozen at a
// time; only a sort or a search by a text column needs them all (all()).
import type { NewTexts } from "./protocol.ts";

// a leading U+FEFF is kept, as the package decodes (a BOM before "root" is a lookalike to show, not to hide)
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

export class Texts {
  /** The chunks received, each with the id of its first text; chunk 0 holds "" alone. */
  private readonly chunks: NewTexts[] = [{ start: 0, bytes: new Uint8Array(0), ends: Uint32Array.of(0) }];
  private readonly decoded: (string | undefined)[] = [""];
  length = 1;
  /** Every text, once all() made them (dropped when texts arrive). */
  private every: string[] | undefined;

  /** Appends the worker's new texts; they must follow the ones held. */
  append(texts: NewTexts): void {
    if (texts.start !== this.length) throw new Error(`viewer: string dictionary out of step (${texts.start} vs ${this.length})`);
    if (texts.ends.length === 0) return;
    this.chunks.push(texts);
    this.length += texts.ends.length;
    this.decoded.length = this.length;
    this.every = undefined;
  }

  /** Text `id` ("" for an id not held). */
  text(id: number): string {
    if (id >= this.length || id < 0) return "";
    return this.decoded[id] ?? this.decode(id);
  }

  /** Every text, by id. */
  all(): readonly string[] {
    if (!this.every) {
      const every = new Array<string>(this.length);
      for (let id = 0; id < this.length; id++) every[id] = this.text(id);
      this.every = every;
    }
    return this.every;
  }

  private decode(id: number): string {
    // the chunk holding id: the last whose start is at most id
    let lo = 0, hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.chunks[mid]!.start <= id) lo = mid; else hi = mid - 1;
    }
    const { start, bytes, ends } = this.chunks[lo]!;
    const k = id - start;
    const from = k === 0 ? 0 : ends[k - 1]!, to = ends[k]!;
    // a short ASCII text: one char per byte, without the decoder's per-call cost (a long one, from a
    // database's text, would pass the engine's limit on arguments)
    let short = to - from <= 256;
    for (let p = from; p < to && short; p++) if (bytes[p]! > 0x7f) short = false;
    const text = short ? String.fromCharCode.apply(null, bytes.subarray(from, to) as unknown as number[]) : utf8.decode(bytes.subarray(from, to));
    this.decoded[id] = text;
    return text;
  }
}
