// Output.writeFrom hands a ByteWriter's buffer to the stream without copying.
// When the stream keeps it queued (a pipe whose reader lags), the writer goes on
// in another buffer, and the queued one is reused only after its write has
// completed: the bytes that reach the reader are the bytes written, and a long
// run of writes goes round a few buffers instead of a new one each time.
import { describe, expect, it } from "vitest";
import { Output } from "../../src/cli/output.ts";
import { ByteWriter } from "../../src/format/byteWriter.ts";

/**
 * A stream that either takes a chunk at once (a file: nothing left queued, its
 * callback later, as Node's streams call it) or queues it until complete() (a
 * full pipe). A chunk's bytes are read when its write completes, so a buffer
 * reused while queued shows as wrong text.
 */
class LaggingStream {
  received: number[] = [];
  private queue: { chunk: Uint8Array; done: () => void }[] = [];
  queueing = false;
  on() { return this; }
  get writableLength(): number { return this.queue.reduce((n, q) => n + q.chunk.length, 0); }
  get writableNeedDrain(): boolean { return this.queue.length > 0; }
  write(chunk: Uint8Array, done: () => void): boolean {
    if (this.queueing) {
      this.queue.push({ chunk, done });
      return false;
    }
    this.received.push(...chunk);
    queueMicrotask(done);
    return true;
  }
  complete(): void {
    for (const { chunk, done } of this.queue.splice(0)) {
      this.received.push(...chunk);
      done();
    }
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("Output.writeFrom", () => {
  it("delivers every byte while it reuses the buffers of completed writes", async () => {
    const stream = new LaggingStream();
    const out = new Output(stream as never);
    const w = new ByteWriter(256);
    const buffers = new Set<Uint8Array>();
    let expected = "";
    for (let k = 0; k < 200; k++) {
      // runs of writes taken at once, then runs the pipe keeps, then completed together
      stream.queueing = k % 10 >= 4;
      const text = `write ${k}: ${"x".repeat(k % 37)}\n`;
      w.ascii(text);
      expected += text;
      buffers.add(w.buffer);
      out.writeFrom(w);
      // as the CLI awaits ready() after each write: the pipe drains one or two writes at a time
      if (stream.queueing && k % 2 === 1) {
        stream.complete();
        await settle();
      } else if (k % 3 === 0) {
        await settle(); // callbacks of writes taken at once run meanwhile
      }
    }
    stream.complete();
    await settle();
    expect(String.fromCharCode(...stream.received)).toBe(expected);
    // without reuse each queued write takes a new buffer: 120 of them here
    expect(buffers.size).toBeLessThanOrEqual(4);
  });

  it("never hands the writer a buffer the stream still holds", async () => {
    const stream = new LaggingStream();
    const out = new Output(stream as never);
    const w = new ByteWriter(64);
    stream.queueing = false;
    w.ascii("taken at once\n");
    out.writeFrom(w); // its callback comes later, while w still writes into this buffer
    await settle();
    stream.queueing = true;
    w.ascii("queued one\n");
    out.writeFrom(w);
    w.ascii("queued two\n");
    out.writeFrom(w);
    stream.complete();
    await settle();
    expect(String.fromCharCode(...stream.received)).toBe("taken at once\nqueued one\nqueued two\n");
  });
});
