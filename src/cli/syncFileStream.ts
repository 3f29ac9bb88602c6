// A regular file written with synchronous writes, as Node writes process.stdout
// when it is a file. An fs.WriteStream hands every chunk to the thread pool and
// waits for it to come back: `utmpx export --format ndjson -o FILE` of 1M
// records took 1.36 s, and 1.03 s with the same bytes sent to stdout
// redirected to a file. Only for regular files: a FIFO or a device given to -o
// is written as a stream, as it would block a synchronous write.
import { closeSync, writeSync } from "node:fs";
import { Writable } from "node:stream";

/** A Writable over `fd` (a regular file, opened for writing) whose writes are done before they return; closes `fd` when it ends. */
export function syncFileStream(fd: number): Writable {
  let open = true;
  const close = () => {
    if (open) closeSync(fd);
    open = false;
  };
  return new Writable({
    write(chunk: Uint8Array, _encoding, done) {
      try {
        for (let at = 0; at < chunk.length;) at += writeSync(fd, chunk, at);
        done();
      } catch (err) {
        done(err as Error);
      }
    },
    final(done) {
      try {
        close();
        done();
      } catch (err) {
        done(err as Error);
      }
    },
    destroy(err, done) {
      try {
        close();
      } catch {
        // the write's error, if any, is the one to tell
      }
      done(err);
    },
  });
}
