// Bytes handed to the API as any binary value. A Uint16Array or Float64Array
// was read by its element count as if it were bytes (the first `length` of
// them), an ArrayBuffer or DataView chunk was skipped, and a Uint8Array given
// where chunks are expected was iterated as numbers: records lost without a
// word. Typed arrays and DataViews are now read as the bytes they view, an
// ArrayBuffer whole; anything else is a TypeError that names it.
import { valueKind } from "./valueKind.ts";

/** An ArrayBuffer or a SharedArrayBuffer. */
function isBuffer(value: unknown): value is ArrayBufferLike {
  return value instanceof ArrayBuffer || (typeof SharedArrayBuffer !== "undefined" && value instanceof SharedArrayBuffer);
}

/** Whether `value` is binary data bytesView() reads. */
export function isBinary(value: unknown): value is ArrayBufferView | ArrayBufferLike {
  return ArrayBuffer.isView(value) || isBuffer(value);
}

/** The bytes `value` holds or views, as a Uint8Array over the same memory (no copy). */
export function bytesView(value: unknown, what: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (isBuffer(value)) return new Uint8Array(value);
  throw new TypeError(notBytes(value, what));
}

/**
 * An options' -wal, as bytes; undefined when none was given. One of another
 * kind (null) failed later, inside SQLite's reader, as "reading 'length'".
 */
export function walOption(wal: unknown): Uint8Array | undefined {
  return wal === undefined ? undefined : bytesView(wal, "options.wal");
}

/** What is wrong with `value`, given as `what` where bytes were wanted. */
export function notBytes(value: unknown, what: string): string {
  return `utmpx: ${what} is ${valueKind(value)}, not bytes (a Uint8Array, another typed array or DataView, or an ArrayBuffer)`;
}
