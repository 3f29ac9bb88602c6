// Buffered writing to stdout/stderr that survives a closed pipe (`utmpx dump | head`).

import type { ByteWriter } from "../format/byteWriter.ts";

const CHUNK = 1 << 20;

/** Buffers writeFrom keeps for reuse: with ready() awaited between writes, one or two are queued at a time. */
const MAX_SPARES = 2;

export class Output {
  private buffer = "";
  private closed = false;
  /** writeFrom's buffers whose queued writes have completed. */
  private readonly spares: Uint8Array[] = [];

  /**
   * `onFailure` hears of a write that failed other than by the reader going
   * away (a full disk, a closed descriptor): output stops there, and the
   * command's caller reports it in one line. EPIPE is the reader's choice, not a failure.
   */
  constructor(private readonly stream: NodeJS.WriteStream, onFailure?: (err: Error) => void) {
    stream.on("error", (err: NodeJS.ErrnoException) => {
      this.closed = true;
      if (err.code !== "EPIPE") onFailure?.(err);
    });
  }

  /** False once the reader has gone away: stop producing output. */
  get open(): boolean {
    return !this.closed;
  }

  write(text: string): void {
    if (text.length >= CHUNK) {
      // a whole batch's text: pass it on as it is rather than copy it into the buffer
      this.flush();
      if (!this.closed) this.stream.write(text);
      return;
    }
    this.buffer += text;
    if (this.buffer.length >= CHUNK) this.flush();
  }

  /** Writes bytes at once (after what is buffered). They are copied: the caller may reuse its buffer. */
  writeBytes(bytes: Uint8Array): void {
    this.flush();
    if (this.closed || bytes.length === 0) return;
    this.stream.write(bytes.slice());
  }

  /**
   * Writes what `w` holds and empties it, without copying. Where the write is
   * done when it returns (files), `w` goes on in the same buffer. Where the
   * stream keeps the bytes queued (a pipe whose reader has not caught up: stdout
   * to a pipe is non-blocking), `w` goes on in another and the old one is the
   * stream's until its write completes; then it is a spare for the next such
   * write. A new buffer each time cost more than the formatting: `dump | wc -c`
   * of 1M records spent 0.7 s of 2 s zeroing fresh 4 MB buffers.
   */
  writeFrom(w: ByteWriter): void {
    this.flush();
    if (!this.closed && w.length > 0) {
      const buffer = w.buffer;
      let queued = false;
      // a write done at once calls back too (later): its buffer is still w's, not a spare
      this.stream.write(w.view(), () => {
        if (queued && this.spares.length < MAX_SPARES) this.spares.push(buffer);
      });
      if (this.stream.writableLength > 0) {
        queued = true;
        w.renew(this.spares.pop());
      }
    }
    w.clear();
  }

  /**
   * A writer of bytes their owner overwrites once it returns (the core's output
   * region), or undefined where the stream may keep them queued (a pipe whose
   * reader lags): there they must be copied. Node writes to a file or a device
   * (/dev/null) with a SyncWriteStream, done when write() returns.
   */
  immediateWriter(): ((bytes: Uint8Array) => void) | undefined {
    if (this.stream.constructor?.name !== "SyncWriteStream") return undefined;
    return (bytes) => {
      this.flush();
      if (!this.closed && bytes.length > 0) this.stream.write(bytes);
    };
  }

  /** Whether the stream holds more than its high-water mark: await ready() before writing on. */
  get full(): boolean {
    return (this.stream as { writableNeedDrain?: boolean }).writableNeedDrain === true;
  }

  /**
   * Resolves once the stream can take more (its buffer below its high-water
   * mark), or at once when it already can or has closed: await it between
   * batches so a slow reader slows us down instead of filling memory.
   */
  ready(): Promise<void> {
    this.flush();
    const s = this.stream;
    // a stream destroyed without an EPIPE (closed under us) emits no drain: do not wait for one
    if (this.closed || s.destroyed || !this.full) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => { s.off("drain", done); s.off("close", done); resolve(); };
      s.on("drain", done);
      s.on("close", done);
    });
  }

  flush(): void {
    if (this.buffer && !this.closed) this.stream.write(this.buffer);
    this.buffer = "";
  }
}
