// The library's error messages, as the CLI prints them: where a message tells
// an API user what to pass, the CLI user is told which option to give instead.

/** API advice and the CLI's words for it. */
const CLI_WORDS: readonly (readonly [string, string])[] = [
  ["Pass { layout } to force one.", "Use --layout ID to force one."],
  ["read it with stream(), which holds one window at a time", "decompress it first, or read it with utmpx dump, json or last"],
];

/** `err`'s message in the CLI's words. */
export function cliMessage(err: Error): string {
  let message = err.message;
  for (const [api, cli] of CLI_WORDS) message = message.replace(api, cli);
  return message;
}
