// What `utmpx convert` is asked to do, and the checks on its output before
// anything is read: the output is never one of the inputs (by real path and by
// inode: a symlink or a hard link is the same file), and an existing output is
// added to only when --append asks for it.
import { lstatSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import type { Layout } from "../layouts/table.ts";
import type { UtmpWarning } from "../util/errors.ts";
import type { CommandContext } from "./commands.ts";
import { CliError } from "./cliError.ts";

export interface ConvertPlan {
  readonly inputs: readonly string[];
  readonly output: string;
  readonly append: boolean;
  /** The inputs' layout when given (--layout), else each is detected. */
  readonly inputLayout: Layout | undefined;
  readonly passwd: string;
}

/** The path a file is reached by, links resolved: for a file that does not exist yet, its directory's real path and its name. */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return resolve(realpathSync(dirname(path)), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

function inode(path: string): string | undefined {
  const s = statSync(path, { throwIfNoEntry: false });
  return s ? `${s.dev}:${s.ino}` : undefined;
}

/** @throws CliError when the output names an input, or exists without --append */
export function checkOutput(plan: ConvertPlan): void {
  const out = realPath(plan.output);
  const outInode = inode(plan.output);
  for (const input of plan.inputs) {
    if (realPath(input) === out || (outInode !== undefined && inode(input) === outInode)) {
      throw new CliError(`the output ${plan.output} is the input ${input}: convert never writes over an input`, { hint: false });
    }
  }
  if (!plan.append && lstatSync(plan.output, { throwIfNoEntry: false }) !== undefined) {
    throw new CliError(`${plan.output} exists: convert writes a new file (--append adds to a wtmpdb or lastlog2 database)`, { hint: false });
  }
}

/** Prints a reading warning as the other commands do. */
export function warn(ctx: CommandContext, warning: UtmpWarning): void {
  ctx.stderr.write(`utmpx: warning: ${warning.message}\n`);
}
