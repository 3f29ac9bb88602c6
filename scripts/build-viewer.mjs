// Builds the viewer as ONE self-contained HTML file (dist/viewer.html): the
// workers are bundled first, the reading worker inlined into the decoding one
// and that into the page's script, each as a string (started from a blob:
// URL), then the page's script and styles are inlined into viewer/index.html. The wasm core rides inside the worker's bundle (the
// package embeds it as bytes), so the page opens from file:// and asks the
// network for nothing. The library's own bundle never sees viewer/.
import { build } from "esbuild";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = process.argv[2] ?? join(root, "dist", "viewer.html");

// The package finds Node's `require` through import.meta where it runs in Node
// (file locks, sparse reads); in a page that lookup is empty by design.
const common = {
  bundle: true, write: false, minify: true, platform: "browser", target: "chrome110", format: "iife",
  logLevel: "warning", logOverride: { "empty-import-meta": "silent" }, legalComments: "none",
  // what the package loads lazily only to write (sql.js for wtmpdb and lastlog2
  // databases, zstd for Parquet): the viewer only reads, so never asks for them
  external: ["sql.js", "@bokuweb/zstd-wasm"],
};
// the reading worker rides inside the decoding worker, which starts it the same way
const reader = await build({ ...common, entryPoints: [join(root, "viewer/worker/reader.ts")] });
const worker = await build({
  ...common,
  entryPoints: [join(root, "viewer/worker/worker.ts")],
  define: { __READER_SOURCE__: JSON.stringify(reader.outputFiles[0].text) },
});
const page = await build({
  ...common,
  entryPoints: [join(root, "viewer/main.ts")],
  define: { __WORKER_SOURCE__: JSON.stringify(worker.outputFiles[0].text) },
});
// "</script" inside the script would end it early: written as "<\/script", which means the same in JS strings
const script = page.outputFiles[0].text.replace(/<\/script/gi, "<\\/script");
const style = readFileSync(join(root, "viewer/style.css"), "utf8");
const html = readFileSync(join(root, "viewer/index.html"), "utf8")
  .replace("/*STYLE*/", () => style)
  .replace("/*SCRIPT*/", () => script);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, html);
console.error(`build-viewer: ${out} (${(html.length / 1024).toFixed(0)} KiB)`);
