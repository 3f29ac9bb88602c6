// The library's error messages, as the CLI prints them: where a message tells
// an API user what to pass, the CLI user is told which option to give instead.

/** API advice and the CLI's words for it. */
const CLI_WORDS: readonly (readonly [string, string])[] = [
  ["Pass { layout } to force one.", "Use --layout ID to force one."],
];

/**
 * The API's advice for records gzip-compressed past what is held whole
 * (sources/gunzipTooLarge.ts), as the commands that stream them instead: dump
 * and json stream every kind of record; last only a wtmp or btmp, which is what
 * `who` reads, where `lastlog`, `convert` and `anonymize` may be given a lastlog
 * (last, dump and json themselves stream a .gz, and never meet this).
 */
const STREAM_ADVICE = "read it with stream(), which holds one window at a time";
const streamCommands = (command: string | undefined) => (command === "who" ? "utmpx dump, json or last" : "utmpx dump or json");

/**
 * strerror(3)'s text for the system errors a file name meets, where Node says
 * "EISDIR: illegal operation on a directory, read": the CLI says "Is a
 * directory", as util-linux's tools do.
 */
const STRERROR: Readonly<Record<string, string>> = {
  ENOENT: "No such file or directory", EISDIR: "Is a directory", ENOTDIR: "Not a directory", EACCES: "Permission denied",
  EPERM: "Operation not permitted", ELOOP: "Too many levels of symbolic links", ENAMETOOLONG: "File name too long",
  EMFILE: "Too many open files", ENFILE: "Too many open files in system", EIO: "Input/output error", ENXIO: "No such device or address",
  ENOSPC: "No space left on device", EROFS: "Read-only file system", EFBIG: "File too large", EINVAL: "Invalid argument",
  ENODEV: "No such device", ETXTBSY: "Text file busy", EBUSY: "Device or resource busy", EAGAIN: "Resource temporarily unavailable",
};
/** Node's form of a system error in a message: "CODE: its words, syscall 'path'" (or "-> 'path'" for two paths). */
const NODE_SYSTEM_ERROR = /\b(E[A-Z0-9]+): [^,\n]*, [a-z]+(?: '[^'\n]*')?(?: -> '[^'\n]*')?/g;

/** `err`'s message in the CLI's words, for the user of `command` (the subcommand that met it, where known). */
export function cliMessage(err: { readonly message: string }, command?: string): string {
  let message = err.message;
  for (const [api, cli] of CLI_WORDS) message = message.replace(api, cli);
  message = message.replace(STREAM_ADVICE, `decompress it first, or read it with ${streamCommands(command)}`);
  return message.replace(NODE_SYSTEM_ERROR, (whole, code: string) => STRERROR[code] ?? whole);
}
