// Buffered writing to stdout/stderr that survives a closed pipe (`utmpx dump | head`).

import type { ByteWriter } from "../format/byteWriter.ts";

const CHUNK = 1 << 20;

export class Output {
  private buffer = "";
  private closed = false;

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
   * Writes what `w` holds and empties it, without copying: where the stream
   * keeps the bytes queued (stdout to a pipe is asynchronous on macOS), `w` goes
   * on in a new buffer and the old one is the stream's. Where the write is done
   * when it returns (files, and pipes on Linux, which block), the buffer is reused.
   */
  writeFrom(w: ByteWriter): void {
    this.flush();
    if (!this.closed && w.length > 0) {
      this.stream.write(w.view());
      if (this.stream.writableLength > 0) w.renew();
    }
    w.clear();
  }

  /**
   * Resolves once the stream can take more (its buffer below its high-water
   * mark), or at once when it already can or has closed: await it between
   * batches so a slow reader slows us down instead of filling memory.
   */
  ready(): Promise<void> {
    this.flush();
    const s = this.stream as NodeJS.WriteStream & { writableNeedDrain?: boolean };
    // a stream destroyed without an EPIPE (closed under us) emits no drain: do not wait for one
    if (this.closed || s.destroyed || !s.writableNeedDrain) return Promise.resolve();
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
