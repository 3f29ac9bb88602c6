// --follow's options, apart from follow.ts so that the CLI's entry can parse
// them without loading the follower.
import type { OptionSpec } from "./args.ts";

export const FOLLOW_OPTIONS: OptionSpec[] = [
  { name: "follow", short: "f" }, { name: "from", value: true }, { name: "checkpoint", value: true }, { name: "poll", value: true },
];
