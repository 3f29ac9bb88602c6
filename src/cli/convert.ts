// `utmpx convert`: one history from one format into another. The output is a
// new file (or, with --append, an existing SQLite database added to), written
// whole beside its place and moved there only when complete: never over an
// input, never half written. Each target has its own file: convertWtmpdb.ts,
// convertLastlog2.ts, convertRecords.ts.
import type { OptionSpec, ParsedArgs } from "./args.ts";
import type { CommandContext } from "./commands.ts";
import { CliError } from "./cliError.ts";
import { resolveLayout } from "../detect/chooseLayout.ts";
import { convertToWtmpdb } from "./convertWtmpdb.ts";
import { convertToLastlog2 } from "./convertLastlog2.ts";
import { convertToRecords } from "./convertRecords.ts";
import { checkOutput, type ConvertPlan } from "./convertOutput.ts";

export const CONVERT_OPTIONS: OptionSpec[] = [
  { name: "to", value: true },
  { name: "output", short: "o", value: true },
  { name: "append" },
  { name: "layout", short: "l", value: true },
  { name: "passwd", value: true },
  { name: "help", short: "h" },
];

export const CONVERT_USAGE = `Usage: utmpx convert --to FORMAT -o OUTPUT [--append] FILE...

  --to wtmpdb        a wtmpdb database (wtmp.db) with the rows \`wtmpdb import\` makes of
                     the same files, each file on its own, in the order given; FILE may be a
                     wtmp of any layout (.gz too) or a wtmp.db, whose rows are copied
  --to lastlog2      a lastlog2 database from lastlog FILEs, as \`lastlog2 --import\` makes it:
                     the passwd file names the uids (--passwd FILE, default /etc/passwd)
  --to LAYOUT        a wtmp of that layout (linux-x86_64, linux384-le, linux-aarch64, ...),
                     from wtmp files of any layout or wtmp.db files, oldest first

  -o, --output FILE  the file to write; never one of the inputs. It must not exist, unless
                     --append adds to it (wtmpdb and lastlog2 only)
      --append       add to an existing wtmpdb or lastlog2 database (its rows are kept)
  -l, --layout ID    read the input FILEs with this layout instead of detecting it
      --passwd FILE  with --to lastlog2: the passwd file (default /etc/passwd)
`;

const text = (args: ParsedArgs, name: string): string | undefined => {
  const v = args.options.get(name);
  return typeof v === "string" ? v : undefined;
};

export async function convertCommand(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  const to = text(args, "to");
  const output = text(args, "output");
  if (to === undefined) throw new CliError("convert needs --to wtmpdb, --to lastlog2 or --to LAYOUT");
  if (output === undefined) throw new CliError("convert needs -o OUTPUT: the file to write");
  if (args.operands.length === 0) throw new CliError("convert needs at least one input FILE");
  const append = args.options.has("append");
  const target = to === "wtmpdb" || to === "lastlog2" ? to : resolveLayout(to);
  if (append && typeof target !== "string") {
    throw new CliError("--append adds to a wtmpdb or lastlog2 database; a wtmp file is written new (-o must not exist)");
  }
  if (args.options.has("passwd") && target !== "lastlog2") throw new CliError("--passwd goes with --to lastlog2");
  const layout = text(args, "layout");
  const plan: ConvertPlan = {
    inputs: args.operands, output, append,
    inputLayout: layout === undefined ? undefined : resolveLayout(layout),
    passwd: text(args, "passwd") ?? "/etc/passwd",
  };
  checkOutput(plan);
  if (target === "wtmpdb") return convertToWtmpdb(plan, ctx);
  if (target === "lastlog2") return convertToLastlog2(plan, ctx);
  return convertToRecords(plan, target, ctx);
}
