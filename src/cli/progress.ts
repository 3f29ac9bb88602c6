// A progress bar on stderr while a large file (over ~100 MB) is read, when
// stderr is a terminal: one line redrawn in place, cleared at the end.

const THRESHOLD = 100e6;
const WIDTH = 30;

export class Progress {
  private last = 0;
  private shown = false;

  private constructor(private readonly total: number, private readonly stream: NodeJS.WriteStream) {}

  /** A bar for `total` bytes, or undefined when stderr is not a terminal or the file is small. */
  static for(total: number, stream: NodeJS.WriteStream = process.stderr): Progress | undefined {
    return stream.isTTY && total > THRESHOLD ? new Progress(total, stream) : undefined;
  }

  update(done: number): void {
    const now = Date.now();
    if (now - this.last < 100) return; // a redraw every 100 ms at most
    this.last = now;
    const share = Math.min(1, done / this.total);
    const filled = Math.round(share * WIDTH);
    this.stream.write(`\r[${"#".repeat(filled)}${".".repeat(WIDTH - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ` +
      `${(done / 1e6).toFixed(0)}/${(this.total / 1e6).toFixed(0)} MB`);
    this.shown = true;
  }

  done(): void {
    if (this.shown) this.stream.write(`\r${" ".repeat(WIDTH + 30)}\r`);
  }
}
