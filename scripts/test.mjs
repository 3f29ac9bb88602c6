// `npm test`: every runner in turn (Node, the browser, Deno, Bun), each one run
// even when one before it failed, then one line per runner and a non-zero
// status if any failed. The browser tests drive the system's Chromium: when it
// is missing they are not started (vitest would end in a stack trace naming a
// playwright cache path); the line says what to install, and the run fails.
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";

const RUNNERS = ["node", "browser", "deno", "bun"];
const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const results = [];
for (const runner of RUNNERS) {
  if (runner === "browser" && !executable(chromium)) {
    const line = `not run: no Chromium at ${chromium}; install it (apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary`;
    console.error(`\nnpm test: browser tests ${line}`);
    results.push({ runner, ok: false, line });
    continue;
  }
  console.error(`\n== npm run test:${runner}`);
  const r = spawnSync("npm", ["run", `test:${runner}`], { stdio: "inherit", shell: process.platform === "win32" });
  if (r.signal) process.kill(process.pid, r.signal); // interrupted: stop here as the runner did
  const ok = r.status === 0;
  results.push({ runner, ok, line: ok ? "passed" : r.error ? `could not start: ${r.error.message}` : `failed (status ${r.status})` });
}

console.error("\nnpm test:");
for (const { runner, line } of results) console.error(`  ${runner.padEnd(8)}${line}`);
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
