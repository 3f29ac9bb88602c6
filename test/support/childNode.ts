// Memory tests measure in a child Node process, so that the figure is its own
// (vitest's worker holds much else): the package bundled by esbuild for it to
// import, and a script run with peakRssBytes() defined, whose last line of
// output is its result as JSON.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { buildSync } from "esbuild";
import { REPO } from "./paths.ts";

/** An esbuild bundle of the package (src/index.ts) written to `outfile`. */
export function bundlePackage(outfile: string): void {
  buildSync({ entryPoints: [join(REPO, "src", "index.ts")], bundle: true, platform: "node", format: "esm", outfile, logLevel: "warning" });
}

/**
 * Defines peakRssBytes() in a child script: the child's own peak RSS (VmHWM).
 * getrusage's maxRSS would keep this test process's peak from before the exec.
 */
const PEAK_RSS = `
  async function peakRssBytes() {
    const status = await import("node:fs").then((fs) => fs.readFileSync("/proc/self/status", "utf8")).catch(() => "");
    const hwm = /VmHWM:\\s+(\\d+) kB/.exec(status);
    return hwm ? Number(hwm[1]) * 1024 : process.resourceUsage().maxRSS * 1024;
  }
`;

/** Runs the ES module `script` (peakRssBytes() defined) in a new Node process with `args`; its last line of output, parsed. */
export function nodeChild<T>(script: string, args: string[] = [], timeout = 60_000): T {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", PEAK_RSS + script, ...args], { encoding: "utf8", timeout, maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`child failed (${r.status ?? r.signal}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!) as T;
}

/**
 * `utmpx ARGS` run by the built CLI (dist/cli/main.js) in a child Node process,
 * `env` added to this one's, with the child's own peak RSS (VmHWM) read as it exits.
 */
export function cliChild(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string; peak: number } {
  const cli = join(REPO, "dist", "cli", "main.js");
  const script = `
    import { readFileSync } from "node:fs";
    process.argv = [process.argv[0], ${JSON.stringify(cli)}, ...process.argv.slice(1)];
    process.on("exit", () => process.stderr.write("VmHWM " + /VmHWM:\\s+(\\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))[1] + "\\n"));
    await import(${JSON.stringify(pathToFileURL(cli).href)});
  `;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script, ...args], { encoding: "utf8", maxBuffer: 1 << 26, timeout: 60_000, env: { ...process.env, ...env } });
  const peak = Number(/VmHWM (\d+)/.exec(r.stderr)?.[1] ?? NaN) * 1024;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.replace(/VmHWM \d+\n/, ""), peak };
}
