// `utmpx lastlog`: registered in main.ts; being built (issue 12). Until then it says so.
import type { OptionSpec, ParsedArgs } from "./args.ts";
import type { CommandContext } from "./commands.ts";
import { CliError } from "./cliError.ts";

export const LASTLOG_OPTIONS: OptionSpec[] = [{ name: "help", short: "h" }];

export async function lastlogCommand(_args: ParsedArgs, _ctx: CommandContext): Promise<number> {
  throw new CliError("lastlog is not available yet");
}
