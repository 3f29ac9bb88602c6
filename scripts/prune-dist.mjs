// Removes from dist/ what the build no longer makes, so that dist/ (and the
// package made from it) holds exactly this build's output: files left by an
// earlier build of a module since renamed or deleted, source maps (not built:
// they would point to src/, which the package does not ship), and tsc's
// per-module output of the CLI (the CLI ships as dist/cli/main.js and its chunks,
// as build/cli-files.json lists them).
// Run after tsc and esbuild; deleting only what is stale leaves no moment
// without a dist/ for tests running beside a build.
import { existsSync, readdirSync, readFileSync, rmSync, rmdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join, relative } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
/** The CLI's files of this build (scripts/build-cli.mjs). */
const cliFiles = new Set(JSON.parse(readFileSync(join(root, "build/cli-files.json"), "utf8")));

/** Whether the current build makes this file of dist/ (path relative to dist, with /). */
function built(path) {
  if (path.startsWith("cli/")) return cliFiles.has(path);
  const m = /^(.*)\.(js|d\.ts)$/.exec(path);
  return m !== null && existsSync(join(root, "src", `${m[1]}.ts`));
}

let removed = 0;
function prune(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      prune(path);
      if (readdirSync(path).length === 0) rmdirSync(path);
    } else if (!built(relative(dist, path).split("\\").join("/"))) {
      rmSync(path);
      removed++;
    }
  }
}

if (existsSync(dist)) prune(dist);
if (removed > 0) console.error(`prune-dist: removed ${removed} stale file(s) from dist/`);
