// What `utmpx convert` is asked to do, and the checks on its output before
// anything is read: the output is never one of the inputs (by real path and by
// inode: a symlink or a hard link is the same file), and an existing output is
// added to only when --append asks for it.
import { lstatSync } from "node:fs";
import type { Layout } from "../layouts/table.ts";
import type { UtmpWarning } from "../util/errors.ts";
import type { CommandContext } from "./commands.ts";
import { CliError } from "./cliError.ts";
import { sameFile } from "./sameFile.ts";

export interface ConvertPlan {
  readonly inputs: readonly string[];
  readonly output: string;
  readonly append: boolean;
  /** The inputs' layout when given (--layout), else each is detected. */
  readonly inputLayout: Layout | undefined;
  readonly passwd: string;
}

/** @throws CliError when the output names an input, or exists without --append */
export function checkOutput(plan: ConvertPlan): void {
  for (const input of plan.inputs) {
    if (sameFile(input, plan.output)) {
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
