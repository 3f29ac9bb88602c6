// One window read ahead of the decoder. The runtime reads a file's next window
// on its own I/O thread (libuv's pool in Node and Bun, Deno's blocking threads)
// while the core decodes the window before on this one. The reads land in the
// core's two read-ahead slots, taken in turn and decoded where they lie, so
// nothing is copied; a reader that cannot have them (another holds them)
// reads into a buffer of its own, copied into the core's window when its turn
// comes. On the bench machine (2 cores), decoding a 384 MB wtmp a window at a
// time took 115 ms reading each window in turn, 77 ms reading ahead into a
// buffer (the copy included); in the bench of 2026-12-03 16:57 UTC, with the
// slots, stream(path) to batches took 0.093-0.136 s where open(path), which
// reads in turn, took 0.119-0.169.
import type { AheadSlots, Engine } from "../core/engine.ts";
import type { Layout } from "../layouts/table.ts";
import type { AsyncFileReader } from "../sources/fileAccess.ts";

/** What a ReadAhead holds that outlives it: the file, the slots, the read under way. */
interface Held {
  readonly reader: AsyncFileReader;
  readonly slots: AheadSlots | undefined;
  read: Promise<number> | undefined;
}

/** Lets go of what `held` holds, once its read (if any) is done: the slots are not given back while one writes into them. */
async function letGo(held: Held): Promise<void> {
  await held.read?.catch(() => undefined);
  held.read = undefined;
  try {
    held.reader.close();
  } finally {
    held.slots?.release();
  }
}

/**
 * A reader dropped without being closed (an iterator of stream() left without
 * return(), whose generator never runs its finally): its file and the core's
 * slots are let go of when it is collected, not held for the life of the process.
 */
const dropped = typeof FinalizationRegistry === "function"
  ? new FinalizationRegistry<Held>((held) => void letGo(held).catch(() => undefined))
  : undefined;

export class ReadAhead {
  private readonly buffer: Uint8Array | undefined;
  /** The slot the next read goes into (the read under way is in the other). */
  private next = 0;
  /** The file, the slots and the read under way: what a dropped reader lets go of. */
  private readonly held: Held;

  /**
   * Reads of windows of `layout`'s records from `reader`, which close() closes;
   * into the core's slots where `slots` allows (not for a filter, which gathers
   * the records it keeps in the window) and no other reader holds them.
   */
  constructor(reader: AsyncFileReader, private readonly engine: Engine, layout: Layout, slots: boolean) {
    this.held = { reader, slots: slots ? engine.aheadSlots(layout) : undefined, read: undefined };
    if (!this.held.slots) this.buffer = new Uint8Array(engine.windowBytesFor(layout));
    dropped?.register(this, this.held, this);
  }

  /** Starts reading `length` bytes (at most a window) at `offset`: they are the read's until land(). */
  start(offset: number, length: number): void {
    const { reader, slots } = this.held;
    let target: Uint8Array;
    if (slots) {
      target = slots.view(this.next, length);
      this.next ^= 1;
    } else {
      target = this.buffer!.subarray(0, length);
    }
    const read = reader.read(offset, target);
    // a read left behind when the reader stops early fails unheard (close() waits for it)
    read.catch(() => undefined);
    this.held.read = read;
  }

  /**
   * Waits for the read started last (fewer bytes at the end of the file) and
   * lands them where the core decodes them: the read-ahead slot it filled
   * (decode with that slot, before the read after next), or the core's window.
   */
  async land(): Promise<{ got: number; slot: number | undefined }> {
    const got = await this.held.read!;
    if (this.held.slots) return { got, slot: this.next ^ 1 };
    this.engine.window().set(this.buffer!.subarray(0, got));
    return { got, slot: undefined };
  }

  /** Waits for a read still under way (the reader stopped early), then closes the file and gives the slots back. */
  async close(): Promise<void> {
    dropped?.unregister(this);
    await letGo(this.held);
  }
}
