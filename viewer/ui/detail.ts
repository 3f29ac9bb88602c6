// The selected record: every field as text, and its bytes as stored in a hex
// dump where each field's bytes carry the field's colour (the layout row says
// where each field lies), so a reader can check the decoding by eye.
import { LAYOUTS, type Layout } from "../../src/index.ts";
import { h } from "../dom.ts";
import type { Store } from "../store.ts";
import { COLUMNS } from "../tableColumns.ts";

const NUMBER_SIZES: Record<string, number> = { u8: 1, i16: 2, u16: 2, i32: 4, u32: 4, i64: 8, u64: 8, "u64-micros": 8 };
const ADDR_SIZES: Record<string, number> = { net16: 16, net4: 4, sockaddr: 28 };

interface Span { name: string; start: number; end: number }

/** Where each field of the layout lies in a record, in byte order. */
export function fieldSpans(layout: Layout): Span[] {
  const spans: Span[] = [];
  for (const [name, f] of Object.entries(layout.fields)) {
    if (!f) continue;
    let size: number;
    if ("length" in f) size = f.length;
    else if (name === "addr") size = ADDR_SIZES[f.kind] ?? 16;
    else size = (NUMBER_SIZES[f.kind] ?? 4) * (name === "exit" ? 2 : 1);
    spans.push({ name, start: f.offset, end: f.offset + size });
  }
  return spans.sort((a, b) => a.start - b.start);
}

export class Detail {
  readonly element: HTMLElement;
  private readonly fields: HTMLElement;
  private readonly hex: HTMLElement;
  private token = 0;

  constructor(private readonly store: Store, private readonly rawBytes: (file: number, offset: number, length: number) => Promise<Uint8Array>) {
    this.fields = h("dl", { class: "fields" });
    this.hex = h("div", { class: "hex" });
    this.element = h("section", { class: "detail", "aria-label": "Selected record", "aria-live": "polite" },
      h("h2", {}, "Selected record"), this.fields, this.hex);
    this.show(undefined, "UTC");
  }

  async show(g: number | undefined, zone: string): Promise<void> {
    const token = ++this.token;
    this.fields.replaceChildren();
    this.hex.replaceChildren();
    if (g === undefined || !this.store.records) {
      this.fields.append(h("p", { class: "hint" }, "Select a row (click, or arrow keys in the table) to see its fields and bytes."));
      return;
    }
    const file = this.store.file(this.store.fileOf[g]!)!;
    for (const c of COLUMNS) this.fields.append(h("dt", {}, c.label), h("dd", {}, c.text(this.store, g, zone) || "—"));
    this.fields.append(h("dt", {}, "Record"), h("dd", {}, `#${this.store.rowOf[g]} of ${file.name}`));
    const layout = LAYOUTS.find((l) => l.id === file.layout);
    if (!layout) {
      this.hex.append(h("p", { class: "hint" }, file.layout === "wtmpdb"
        ? "This row comes from a wtmpdb SQLite row, not from record bytes: there is no raw record to show."
        : "No layout row to mark the bytes with."));
      return;
    }
    const offset = this.store.records.offset[g]!;
    const bytes = await this.rawBytes(file.id, offset, layout.recordSize);
    if (token !== this.token) return; // another row was selected meanwhile
    this.hex.append(hexDump(bytes, fieldSpans(layout), offset, layout));
  }
}

function hexDump(bytes: Uint8Array, spans: readonly Span[], offset: number, layout: Layout): HTMLElement {
  const fieldAt = new Array<string | undefined>(bytes.length);
  for (const s of spans) for (let i = s.start; i < s.end && i < bytes.length; i++) fieldAt[i] = s.name;
  const legend = h("p", { class: "legend" }, `${layout.id}, ${layout.recordSize}-byte records${layout.framing ? " (framed: a length, then a record trimmed of trailing zeros)" : ""}: `,
    ...spans.map((s) => h("span", { class: `f-${s.name}` }, `${s.name} @${s.start}`)));
  const pre = h("pre", { "aria-label": "Record bytes in hexadecimal" });
  for (let row = 0; row < bytes.length; row += 16) {
    pre.append(h("span", { class: "addr" }, (offset + row).toString(16).padStart(8, "0")), "  ");
    let ascii = "";
    for (let i = row; i < row + 16; i++) {
      if (i >= bytes.length) { pre.append("   "); continue; }
      const b = bytes[i]!;
      const name = fieldAt[i];
      pre.append(h("span", { class: name ? `f-${name}` : "pad", title: name ? `${name} (byte ${i})` : `padding (byte ${i})` }, b.toString(16).padStart(2, "0")), " ");
      ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".";
    }
    pre.append(" ", h("span", { class: "ascii" }, ascii), "\n");
  }
  return h("div", {}, legend, pre);
}
