// The page's copy of the worker's dictionary: every text the columns' ids name,
// kept as the UTF-8 bytes the worker sent (NewTexts) and decoded one by one
// when first shown. Why lazily: a file of logins from many hosts brings
// ~230,000 texts per million records, and the table shows a few dozen at a
// time; only a sort or a search by a text column needs them all (all()).
import type { NewTexts } from "./protocol.ts";

// a leading U+FEFF is kept, as the package decodes (a BOM before "root" is a lookalike to show, not to hide)
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** A chunk as received, with its texts decoded so far (made when its first text is). */
interface Chunk extends NewTexts {
  decoded?: (string | undefined)[];
}

export class Texts {
  /** The chunks received, each with the id of its first text; chunk 0 holds "" alone. */
  private readonly chunks: Chunk[] = [{ start: 0, bytes: new Uint8Array(0), ends: Uint32Array.of(0), decoded: [""] }];
  length = 1;
  /** Every text, once all() made them (dropped when texts arrive). */
  private every: string[] | undefined;

  /**
   * Appends the worker's new texts; they must follow the ones held. Nothing is
   * made per text here. Why: a list of decoded texts as long as the ids, grown
   * with each message, cost the page's thread ~0.3 s for the worst case's 3.3
   * million texts (profiled in Chromium), while the file was still coming.
   */
  append(texts: NewTexts): void {
    if (texts.start !== this.length) throw new Error(`viewer: string dictionary out of step (${texts.start} vs ${this.length})`);
    if (texts.ends.length === 0) return;
    this.chunks.push({ start: texts.start, bytes: texts.bytes, ends: texts.ends });
    this.length += texts.ends.length;
    this.every = undefined;
  }

  /** Text `id` ("" for an id not held). */
  text(id: number): string {
    if (id >= this.length || id < 0) return "";
    const chunk = this.chunkOf(id);
    return chunk.decoded?.[id - chunk.start] ?? decode(chunk, id - chunk.start);
  }

  /** Every text, by id. */
  all(): readonly string[] {
    if (!this.every) {
      const every = new Array<string>(this.length);
      for (const chunk of this.chunks) {
        for (let k = 0; k < chunk.ends.length; k++) every[chunk.start + k] = chunk.decoded?.[k] ?? decode(chunk, k);
      }
      this.every = every;
    }
    return this.every;
  }

  /** The chunk holding `id`: the last whose start is at most id. */
  private chunkOf(id: number): Chunk {
    const chunks = this.chunks;
    let lo = 0, hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (chunks[mid]!.start <= id) lo = mid; else hi = mid - 1;
    }
    return chunks[lo]!;
  }
}

/** Text `k` of `chunk`, decoded and kept. */
function decode(chunk: Chunk, k: number): string {
  const { bytes, ends } = chunk;
  const from = k === 0 ? 0 : ends[k - 1]!, to = ends[k]!;
  // a short ASCII text: one char per byte, without the decoder's per-call cost (a long one, from a
  // database's text, would pass the engine's limit on arguments)
  let short = to - from <= 256;
  for (let p = from; p < to && short; p++) if (bytes[p]! > 0x7f) short = false;
  const text = short ? String.fromCharCode.apply(null, bytes.subarray(from, to) as unknown as number[]) : utf8.decode(bytes.subarray(from, to));
  (chunk.decoded ??= new Array<string | undefined>(ends.length))[k] = text;
  return text;
}
