// Options given as something other than an object (null, a string, a number)
// were read as if they were one, and failed deep inside with a message that
// names nothing ("Cannot read properties of null (reading 'wal')"). Each entry
// point refuses them up front instead. undefined is no options (the defaults),
// unless the options are `required` (anonymize's hold its key).
import { valueKind } from "./valueKind.ts";

/** Throws a TypeError naming `options` (as `what`, e.g. "fromBytes() options") unless it is an object (or undefined, when not required). */
export function checkOptions(options: unknown, what: string, required = false): void {
  if ((options !== undefined || required) && (typeof options !== "object" || options === null)) {
    throw new TypeError(`utmpx: ${what} are ${valueKind(options)}, not an object`);
  }
}

/**
 * Throws a TypeError naming a `signal` option that is no AbortSignal: one of
 * another kind ({}) failed when first used, as "throwIfAborted is not a function".
 */
export function checkSignal(signal: unknown): void {
  if (signal !== undefined && !(typeof AbortSignal !== "undefined" && signal instanceof AbortSignal)) {
    throw new TypeError(`utmpx: the signal option is ${valueKind(signal)}, not an AbortSignal`);
  }
}
