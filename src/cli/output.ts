// Buffered writing to stdout/stderr that survives a closed pipe (`utmpx dump | head`).

const CHUNK = 1 << 20;

export class Output {
  private buffer = "";
  private closed = false;

  constructor(private readonly stream: NodeJS.WriteStream) {
    stream.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EPIPE") this.closed = true;
      else throw err;
    });
  }

  /** False once the reader has gone away: stop producing output. */
  get open(): boolean {
    return !this.closed;
  }

  write(text: string): void {
    this.buffer += text;
    if (this.buffer.length >= CHUNK) this.flush();
  }

  flush(): void {
    if (this.buffer && !this.closed) this.stream.write(this.buffer);
    this.buffer = "";
  }
}
