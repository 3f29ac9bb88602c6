/** What `fn` throws, or undefined when it returns: for asserting on an error's code and message. */
export function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}
