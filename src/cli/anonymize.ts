// `utmpx anonymize`: registered in main.ts; being built. Until then it says so.
import type { OptionSpec, ParsedArgs } from "./args.ts";
import type { CommandContext } from "./commands.ts";
import { CliError } from "./cliError.ts";

export const ANONYMIZE_OPTIONS: OptionSpec[] = [{ name: "help", short: "h" }];

export async function anonymizeCommand(_args: ParsedArgs, _ctx: CommandContext): Promise<number> {
  throw new CliError("anonymize is not available yet");
}
