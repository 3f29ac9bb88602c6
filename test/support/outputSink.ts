// A stand-in for a process stream that keeps what the CLI's Output writes to it,
// so commands can be run in-process and their bytes compared.
import { Output } from "../../src/cli/output.ts";
import type { CommandContext } from "../../src/cli/commands.ts";

export class Sink {
  chunks: Buffer[] = [];
  on() { return this; }
  write(c: string | Uint8Array) { this.chunks.push(Buffer.from(c as never)); return true; }
  get text() { return Buffer.concat(this.chunks).toString("latin1"); }
}

/** A command context over two sinks, with the sinks to read back. */
export function sinkContext(): { out: Sink; err: Sink; ctx: CommandContext } {
  const out = new Sink(), err = new Sink();
  return { out, err, ctx: { stdout: new Output(out as never), stderr: new Output(err as never) } };
}
