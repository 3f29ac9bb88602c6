// `utmpx convert`: registered in main.ts; being built (issue 12). Until then it says so.
import type { OptionSpec, ParsedArgs } from "./args.ts";
import type { CommandContext } from "./commands.ts";
import { CliError } from "./cliError.ts";

export const CONVERT_OPTIONS: OptionSpec[] = [{ name: "help", short: "h" }];

export async function convertCommand(_args: ParsedArgs, _ctx: CommandContext): Promise<number> {
  throw new CliError("convert is not available yet");
}
