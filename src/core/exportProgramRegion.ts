// An export program (CoreText.setExportProgram) written into the core's
// regions as assembly/exportRows.ts reads it: four i32 per op (the op, its
// argument, where its bytes start among the snippets, their length), the
// snippets, and the cell of each raw type.
import type { Core } from "./core.ts";
import type { ExportProgram } from "./recordBatch.ts";

/** The core's names of the ops and their arguments. */
const OPS = {
  end: "EX_END", offset: "EX_OFFSET", type: "EX_TYPE", int: "EX_INT", session: "EX_SESSION", string: "EX_STRING", addr: "EX_ADDR",
  time: "EX_TIME", zeroed: "EX_ZEROED",
} as const;
const ARGS = {
  raw_type: "EXI_RAW_TYPE", pid: "EXI_PID", pid_unsigned: "EXI_PID_UNSIGNED", exit_termination: "EXI_EXIT_TERMINATION",
  exit_status: "EXI_EXIT_STATUS", user: "EXS_USER", line: "EXS_LINE", id: "EXS_ID", host: "EXS_HOST",
} as const;

/**
 * Writes `program` into the core; returns its number of ops (the row's end
 * one included), or undefined when it does not fit: more columns than ops, or
 * bytes between cells longer than their region (a source path of kilobytes).
 */
export function writeExportProgram(core: Core, program: ExportProgram): number | undefined {
  const v = core.value;
  const buffer = core.exports.memory.buffer;
  const cells = [...program.cells, { before: program.end, op: "end" } as const];
  const bytes = cells.reduce((n, c) => n + c.before.length, 0);
  if (cells.length > v("EXPORT_OPS") || bytes > v("EXPORT_SNIPPET_BYTES")) return undefined;
  const at = v("exportProgramPtr");
  const ops = new Int32Array(buffer, at, cells.length * 4);
  const snippets = new Uint8Array(buffer, at + v("EXPORT_OPS") * 16, bytes);
  let used = 0;
  cells.forEach((c, k) => {
    ops[k * 4] = v(OPS[c.op]);
    ops[k * 4 + 1] = "arg" in c && c.arg !== undefined ? v(ARGS[c.arg]) : 0;
    ops[k * 4 + 2] = used;
    ops[k * 4 + 3] = c.before.length;
    snippets.set(c.before, used);
    used += c.before.length;
  });
  const size = v("EXPORT_TYPE_SLOT_BYTES");
  const types = new Uint8Array(buffer, v("exportTypesPtr"), v("EXPORT_TYPE_SLOTS") * size).fill(0);
  program.types.forEach((cell, t) => {
    // a slot is a length byte and the bytes; one too long stays empty, and the host writes its rows
    if (!cell || cell.length >= size || t >= 256) return;
    types[t * size] = cell.length;
    types.set(cell, t * size + 1);
  });
  return cells.length;
}
