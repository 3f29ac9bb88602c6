// A small argv parser: long and short options, `--opt=value`, `--`, operands.
import { CliError } from "./cliError.ts";

export interface OptionSpec {
  /** Long name without dashes. */
  readonly name: string;
  readonly short?: string;
  /** Takes a value (`--layout X`, `--layout=X`, `-l X`). */
  readonly value?: boolean;
}

export interface ParsedArgs {
  readonly options: Map<string, string | true>;
  readonly operands: string[];
}

export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const options = new Map<string, string | true>();
  const operands: string[] = [];
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") { operands.push(...argv.slice(i + 1)); break; }
    let spec: OptionSpec | undefined;
    let inline: string | undefined;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      if (eq >= 0) inline = arg.slice(eq + 1);
      spec = byLong.get(name);
      if (!spec) throw new CliError(`unrecognized option '--${name}'`);
    } else if (arg.startsWith("-") && arg.length > 1) {
      spec = byShort.get(arg.slice(1, 2));
      if (!spec) throw new CliError(`invalid option -- '${arg.slice(1, 2)}'`);
      if (arg.length > 2) {
        if (spec.value) inline = arg.slice(2);
        else {
          // grouped flags: -bdH
          for (const c of arg.slice(1)) {
            const flag = byShort.get(c);
            if (!flag) throw new CliError(`invalid option -- '${c}'`);
            if (flag.value) throw new CliError(`option -${c} requires an argument and cannot be grouped`);
            options.set(flag.name, true);
          }
          continue;
        }
      }
    } else {
      operands.push(arg);
      continue;
    }
    if (spec.value) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new CliError(`option '--${spec.name}' requires an argument`);
      options.set(spec.name, value);
    } else {
      if (inline !== undefined) throw new CliError(`option '--${spec.name}' doesn't allow an argument`);
      options.set(spec.name, true);
    }
  }
  return { options, operands };
}
