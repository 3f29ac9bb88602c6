// A record's type in the layout it is converted to. Systems say a shutdown
// differently: Linux with a RUN_LVL record named "shutdown" (line "~"), the
// BSDs and macOS with SHUTDOWN_TIME; each is written as the other where the
// target has only the other. A type the target has no number for at all (a
// Linux run level in a FreeBSD utx.log) cannot be written: the record is
// left out, counted by type. (Conversion to FreeBSD stopped at the first such
// record of any Linux wtmp.)
import { RUN_LVL, SHUTDOWN_TIME, type EntryType } from "../layouts/entryType.ts";
import type { Layout } from "../layouts/table.ts";
import type { EntryInput } from "../write/encode.ts";

/** Records left out, by type. */
export type LeftOut = Map<string, number>;

const utf8 = new TextEncoder();
const SHUTDOWN = utf8.encode("shutdown");
/** Whether a user field (text, or the bytes of an Entry) is "shutdown". */
function isShutdown(user: string | Uint8Array | undefined): boolean {
  const bytes = typeof user === "string" ? utf8.encode(user) : user;
  return bytes !== undefined && bytes.length === SHUTDOWN.length && bytes.every((b, i) => b === SHUTDOWN[i]);
}

/** `input` as a record `target` can hold (itself, or its shutdown said the target's way), or undefined, counted in `leftOut`. */
export function fitType(input: EntryInput, target: Layout, leftOut: LeftOut): EntryInput | undefined {
  const type = input.type;
  if (type === undefined || target.untyped || target.types.includes(type)) return input;
  const has = (t: EntryType) => target.types.includes(t);
  if (type === RUN_LVL && has(SHUTDOWN_TIME) && isShutdown(input.user)) return { ...input, type: SHUTDOWN_TIME };
  if (type === SHUTDOWN_TIME && has(RUN_LVL)) return { ...input, type: RUN_LVL, user: "shutdown", line: "~", id: "~~" };
  leftOut.set(type, (leftOut.get(type) ?? 0) + 1);
  return undefined;
}

/** The warning for what was left out, or undefined. */
export function leftOutWarning(leftOut: LeftOut, others: number, target: Layout): string | undefined {
  const parts = [...leftOut].map(([type, n]) => `${n} ${type}`);
  if (others > 0) parts.push(`${others} of a type number it does not define, or a wtmp.db row without a login`);
  return parts.length === 0 ? undefined : `utmpx: warning: left out, as ${target.id} has no record for them: ${parts.join(", ")}\n`;
}
