// `utmpx last` run in-process, in a time zone of the caller's (undefined: none set,
// as an environment without TZ), at a fixed "now" (unless `run` gives another), with
// `run`'s other options: its status, stdout and stderr.
import { last, parseLastArgs, type LastRunOptions } from "../../../src/cli/last.ts";
import { sinkContext } from "../outputSink.ts";

export async function runLast(argv: string[], tz: string | undefined = "UTC", run: LastRunOptions = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  const { out, err, ctx } = sinkContext();
  const saved = process.env.TZ;
  if (tz === undefined) delete process.env.TZ; else process.env.TZ = tz;
  try {
    const status = await last(parseLastArgs(argv), ctx, { now: 1_900_000_000, ...run });
    ctx.stdout.flush(); ctx.stderr.flush();
    return { status, stdout: out.text, stderr: err.text };
  } finally {
    if (saved === undefined) delete process.env.TZ; else process.env.TZ = saved;
  }
}
