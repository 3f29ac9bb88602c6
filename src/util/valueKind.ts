// What a value of the wrong type is, for a message that refuses it: the caller
// sees the kind and a short sample, never the whole of a large value.

/** `null`, `undefined`, "the string "ab…"", "the number 7", "an array", "an object", ... */
export function valueKind(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return `the ${typeof value} ${String(value)}`;
  if (Array.isArray(value)) return "an array";
  if (value instanceof Uint8Array) return "a Uint8Array";
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  return typeof value === "object" ? `an object (${value.constructor?.name ?? "no prototype"})` : `a ${typeof value}`;
}
