// What log cleaners do to a record file, done to copies of real fixtures: runs
// of records zeroed in place, records cut out, a block backdated, a record half
// overwritten, bytes inserted. Each returns a new buffer; the input is left alone.
import type { Layout } from "../../src/index.ts";

/** Records `from`..`from + count` overwritten with zeros (zap, wipe). */
export function zeroRecords(bytes: Uint8Array, size: number, from: number, count: number): Uint8Array {
  const out = new Uint8Array(bytes); // a copy (a Buffer's slice() would be a view)
  out.fill(0, from * size, (from + count) * size);
  return out;
}

/** Records `from`..`from + count` removed, the rest moved up (wtmpclean, utmpdump -r of an edited dump). */
export function removeRecords(bytes: Uint8Array, size: number, from: number, count: number): Uint8Array {
  const out = new Uint8Array(bytes.length - count * size);
  out.set(bytes.subarray(0, from * size));
  out.set(bytes.subarray((from + count) * size), from * size);
  return out;
}

/** The seconds field of record `index`, read or written as the layout stores it. */
function secondsAt(view: DataView, layout: Layout, index: number, value?: number): number {
  const field = layout.fields.seconds!;
  const at = index * layout.recordSize + field.offset;
  const little = layout.byteOrder === "little";
  switch (field.kind) {
    case "i32":
      if (value !== undefined) view.setInt32(at, value, little);
      return view.getInt32(at, little);
    case "u32":
      if (value !== undefined) view.setUint32(at, value, little);
      return view.getUint32(at, little);
    case "i64":
      if (value !== undefined) view.setBigInt64(at, BigInt(value), little);
      return Number(view.getBigInt64(at, little));
    default:
      throw new Error(`tamper: seconds of kind ${field.kind} not handled`);
  }
}

/** Records `from`..`from + count` moved `seconds` back in time (their bytes otherwise kept). */
export function backdate(bytes: Uint8Array, layout: Layout, from: number, count: number, seconds: number): Uint8Array {
  const out = new Uint8Array(bytes); // a copy (a Buffer's slice() would be a view)
  const view = new DataView(out.buffer);
  for (let i = from; i < from + count; i++) secondsAt(view, layout, i, secondsAt(view, layout, i) - seconds);
  return out;
}

/** The half of record `index` that holds its time overwritten with a fill byte (a botched edit). */
export function halfOverwrite(bytes: Uint8Array, layout: Layout, index: number, fill = 0xa5): Uint8Array {
  const out = new Uint8Array(bytes); // a copy (a Buffer's slice() would be a view)
  const size = layout.recordSize;
  const half = Math.floor(size / 2);
  const from = index * size + (layout.fields.seconds!.offset < half ? 0 : half);
  out.fill(fill, from, from + half);
  return out;
}

/** `count` bytes inserted at byte `at`. */
export function insertBytes(bytes: Uint8Array, at: number, count: number, fill = 0x41): Uint8Array {
  const out = new Uint8Array(bytes.length + count);
  out.set(bytes.subarray(0, at));
  out.fill(fill, at, at + count);
  out.set(bytes.subarray(at), at + count);
  return out;
}
