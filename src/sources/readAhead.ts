// One window read ahead of the decoder. The runtime reads a file's next window
// on its own I/O thread (libuv's pool in Node and Bun, Deno's blocking threads)
// into a buffer of its own, while the core decodes the window before on this
// one; the bytes are then copied into the core's window. Reading into the
// core's memory itself is not safe: a decode may grow that memory, which
// detaches the buffer the read was given. On the bench machine (2 cores), a
// 384 MB wtmp read then decoded a window at a time took 115 ms; read ahead,
// copy included, 77 ms.
import type { AsyncFileReader } from "./fileAccess.ts";

export class ReadAhead {
  private readonly buffer: Uint8Array;
  private pending: Promise<number> | undefined;

  /** `capacity`: the largest read asked for. The reader is closed by close(). */
  constructor(private readonly reader: AsyncFileReader, capacity: number) {
    this.buffer = new Uint8Array(capacity);
  }

  /** Starts reading `length` bytes at `offset`: the buffer is the read's until take(). */
  start(offset: number, length: number): void {
    const pending = this.reader.read(offset, this.buffer.subarray(0, length));
    // a read left behind when the reader stops early fails unheard (close() waits for it)
    pending.catch(() => undefined);
    this.pending = pending;
  }

  /** The bytes of the read started last (fewer at the end of the file): valid until the next start(). */
  async take(): Promise<Uint8Array> {
    const pending = this.pending!;
    this.pending = undefined;
    return this.buffer.subarray(0, await pending);
  }

  /** Waits for a read still under way (the reader stopped early), then closes the file. */
  async close(): Promise<void> {
    const pending = this.pending;
    this.pending = undefined;
    await pending?.catch(() => undefined);
    this.reader.close();
  }
}
