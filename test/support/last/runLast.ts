// `utmpx last` run in-process, in a time zone of the caller's (undefined: none set,
// as an environment without TZ), at a fixed "now": its status, stdout and stderr.
import { last, parseLastArgs } from "../../../src/cli/last.ts";
import { sinkContext } from "../outputSink.ts";

export async function runLast(argv: string[], tz: string | undefined = "UTC"): Promise<{ status: number; stdout: string; stderr: string }> {
  const { out, err, ctx } = sinkContext();
  const saved = process.env.TZ;
  if (tz === undefined) delete process.env.TZ; else process.env.TZ = tz;
  try {
    const status = await last(parseLastArgs(argv), ctx, { now: 1_900_000_000 });
    ctx.stdout.flush(); ctx.stderr.flush();
    return { status, stdout: out.text, stderr: err.text };
  } finally {
    if (saved === undefined) delete process.env.TZ; else process.env.TZ = saved;
  }
}
