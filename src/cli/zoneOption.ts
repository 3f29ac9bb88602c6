// --tz ZONE of last, lastb and who: a zone the runtime knows, or a usage error
// (a misspelt zone silently read as UTC would print plausible wrong times).
import { knownZone } from "../time/zone.ts";
import { CliError } from "./cliError.ts";

/** The --tz value as given, once known to name a zone; undefined when there is none. */
export function zoneOption(value: string | true | undefined): string | undefined {
  if (typeof value !== "string") return undefined;
  if (knownZone(value) === undefined) {
    throw new CliError(`unknown time zone '${value}' (--tz takes an IANA name such as Europe/Berlin, a POSIX rule such as JST-9, or UTC)`, { hint: false });
  }
  return value;
}
