// `utmpx view`: registered in main.ts; being built. Until then it says so.
import type { OptionSpec, ParsedArgs } from "./args.ts";
import type { CommandContext } from "./commands.ts";
import { CliError } from "./cliError.ts";

export const VIEW_OPTIONS: OptionSpec[] = [{ name: "help", short: "h" }];

export async function viewCommand(_args: ParsedArgs, _ctx: CommandContext): Promise<number> {
  throw new CliError("view is not available yet");
}
