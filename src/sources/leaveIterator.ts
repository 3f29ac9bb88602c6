// Letting go of a source's iterator when its reader leaves early (a break, an
// abort, an error), without hanging on a stalled source.

/**
 * Asks `iterator` to finish (its return()), and waits for that unless a next()
 * of it is still `pending`: an async generator runs return() only after the
 * pending next, which from a stalled source may never come. Its failure to
 * finish is not the reader's concern: ignored.
 */
export async function leaveIterator(iterator: AsyncIterator<unknown> | Iterator<unknown>, pending: boolean): Promise<void> {
  const closed = Promise.resolve().then(() => iterator.return?.()).catch(() => undefined);
  if (!pending) await closed;
}
