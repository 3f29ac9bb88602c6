// What the bench measures once per run rather than per shape: sessions() on
// logins that never end, and stream() over files far larger than memory
// should need, each in a child process of its own so that its peak RSS is
// the stream's alone.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fromBytes, sessions } from "../dist/index.js";
import { generateOpenLogins } from "./generate.mjs";
import { ROOT } from "./data.mjs";
import { attempt, firstLine, medianRuns, seconds } from "./measure.mjs";

/** sessions() over `count` never-closed logins: `{ seconds, sessions }` or `{ error }`. */
export async function openLoginsSessions(count, runs) {
  const db = fromBytes(generateOpenLogins(count), { layout: "linux384-le" });
  let listed = 0;
  const r = await attempt(() => medianRuns(runs, () => seconds(() => (listed = sessions(db).length))));
  return typeof r === "number" ? { seconds: r, sessions: listed } : r;
}

/**
 * stream(path, options) to the end in a new Node process: `{ records, seconds,
 * rssMB }` with rssMB its VmHWM, or `{ error }`. VmHWM, not getrusage: a
 * child's maxRSS would include the parent's pages from before exec.
 */
export function streamInChild(path, options, timeoutS) {
  const script = `
    import { stream } from ${JSON.stringify(join(ROOT, "dist", "index.js"))};
    import { readFileSync } from "node:fs";
    const t = process.hrtime.bigint();
    let records = 0;
    for await (const b of stream(${JSON.stringify(path)}, ${JSON.stringify(options)})) records += b.length;
    const seconds = Number(process.hrtime.bigint() - t) / 1e9;
    const hwm = /VmHWM:\\s+(\\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    console.log(JSON.stringify({ records, seconds, rssMB: Number(hwm[1]) / 1024 }));`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: timeoutS * 1000, maxBuffer: 1 << 26 });
  if (r.error) return { error: firstLine(r.error) };
  if (r.status !== 0) return { error: `exit ${r.status ?? r.signal}: ${firstLine(r.stderr.split("\n").find((l) => /error/i.test(l)) ?? r.stderr)}` };
  return JSON.parse(r.stdout.trim().split("\n").at(-1));
}
