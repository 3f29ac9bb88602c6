// Writes a layout row as the core's descriptor: i32 slots whose numbers the core exports.
import type { Core } from "./core.ts";
import type { AddressKind, Layout, NumberField, NumberKind, StringField } from "../layouts/table.ts";

const NUMBER_KIND_EXPORT: Record<NumberKind, string> = {
  "u8": "K_U8", "i16": "K_I16", "u16": "K_U16", "i32": "K_I32", "u32": "K_U32",
  "i64": "K_I64", "u64": "K_U64", "u64-micros": "K_U64_MICROS",
};
const ADDRESS_KIND_EXPORT: Record<AddressKind, string> = { net16: "A_NET16", sockaddr: "A_SOCKADDR", net4: "A_NET4" };

/** The descriptor's slots for `layout`, ready to copy to the core. */
export function buildDescriptor(core: Core, layout: Layout): Int32Array {
  const v = core.value;
  const d = new Int32Array(v("D_SLOTS"));
  const f = layout.fields;
  const number = (slot: string, field: NumberField | undefined) => {
    d[v(`${slot}_OFF`)] = field?.offset ?? 0;
    d[v(`${slot}_KIND`)] = field ? v(NUMBER_KIND_EXPORT[field.kind]) : v("K_NONE");
  };
  const string = (slot: string, field: StringField | undefined) => {
    d[v(`${slot}_OFF`)] = field?.offset ?? 0;
    d[v(`${slot}_LEN`)] = field?.length ?? 0;
  };
  d[v("D_REC_SIZE")] = layout.recordSize;
  d[v("D_FLAGS")] = (layout.byteOrder === "big" ? v("FLAG_BIG_ENDIAN") : 0) | (layout.binaryId ? v("FLAG_BINARY_ID") : 0);
  number("D_TYPE", f.type);
  number("D_PID", f.pid);
  number("D_EXIT", f.exit);
  number("D_SESSION", f.session);
  number("D_SEC", f.seconds);
  number("D_USEC", f.microseconds);
  string("D_LINE", f.line);
  string("D_ID", f.id);
  string("D_USER", f.user);
  string("D_HOST", f.host);
  d[v("D_ADDR_OFF")] = f.addr?.offset ?? 0;
  d[v("D_ADDR_KIND")] = f.addr ? v(ADDRESS_KIND_EXPORT[f.addr.kind]) : v("A_NONE");
  d[v("D_AF_INET6")] = f.addr?.inet6 ?? 0;
  let valid = 0;
  layout.types.forEach((t, raw) => { if (raw < 32 && t !== "UNKNOWN") valid |= 1 << raw; });
  d[v("D_VALID_TYPES")] = valid;
  const maxPads = v("D_MAX_PADS");
  if (layout.pads.length > maxPads) throw new Error(`layout ${layout.id}: more than ${maxPads} pad ranges`);
  d[v("D_PAD_COUNT")] = layout.pads.length;
  layout.pads.forEach(([off, len], i) => {
    d[v("D_PADS") + 2 * i] = off;
    d[v("D_PADS") + 2 * i + 1] = len;
  });
  return d;
}
