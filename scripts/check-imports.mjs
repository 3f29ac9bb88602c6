#!/usr/bin/env node
// Proves the shape ARCHITECTURE.md describes, from the import statements of
// src/ (type-only imports and re-exports included, as they tie files together
// just the same):
//   1. no cycle between files;
//   2. no file imports a layer above its own (LAYERS, lowest first).
// Prints what it finds and exits 1 on any violation: `npm run check:imports`
// (or `node scripts/check-imports.mjs [DIR]`); test/architecture.test.ts runs it.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** The tree to check: src/, or the folder given (tests give one with a planted cycle). */
const src = process.argv[2] ? resolve(process.argv[2]) : join(root, "src");

/**
 * The layers, lowest first: a file may import its own layer and those below.
 * A layer is a folder of src/ (or a root file, for index.ts and the generated
 * wasm bytes). Keep in step with ARCHITECTURE.md.
 */
export const LAYERS = [
  ["util"],
  ["time"],
  ["layouts"],
  ["core"],
  ["detect"],
  ["sources"],
  ["sqlite"],
  ["write"],
  ["read"],
  ["sessions"],
  ["audit"],
  ["format"],
  ["cli"],
  ["index.ts"],
  ["reference"],
];

function levelOf(file) {
  const top = relative(src, file).split("/")[0];
  const level = LAYERS.findIndex((names) => names.includes(top));
  return level;
}

function tsFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...tsFiles(path));
    else if (entry.name.endsWith(".ts")) out.push(path);
  }
  return out;
}

// import/export ... from "x", import "x", import("x"): relative specifiers only (packages and node: are outside the graph)
const SPECIFIER = /(?:^|[\s;])(?:import|export)\b[^"'`;]*?\bfrom\s*["']([^"']+)["']|(?:^|[\s;])import\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/gm;

export function importGraph() {
  const graph = new Map();
  for (const file of tsFiles(src)) {
    const text = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
    const targets = new Set();
    for (const m of text.matchAll(SPECIFIER)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (!spec.startsWith(".")) continue;
      targets.add(resolve(dirname(file), spec));
    }
    graph.set(file, [...targets]);
  }
  return graph;
}

/** Strongly connected components of more than one file (or a file importing itself): Tarjan's algorithm. */
export function cycles(graph) {
  let counter = 0;
  const index = new Map(), low = new Map(), onStack = new Set(), stack = [], found = [];
  const visit = (v) => {
    index.set(v, counter); low.set(v, counter); counter++;
    stack.push(v); onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v), low.get(w))); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const component = [];
      let w;
      do { w = stack.pop(); onStack.delete(w); component.push(w); } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component);
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

export function layerViolations(graph) {
  const out = [];
  for (const [file, targets] of graph) {
    const level = levelOf(file);
    if (level < 0) { out.push(`${relative(root, file)}: in no layer (add its folder to LAYERS and ARCHITECTURE.md)`); continue; }
    for (const target of targets) {
      const to = levelOf(target);
      if (to > level) out.push(`${relative(root, file)} imports ${relative(root, target)}: ${LAYERS[to].join("/")} is above ${LAYERS[level].join("/")}`);
    }
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const graph = importGraph();
  const found = cycles(graph);
  const wrong = layerViolations(graph);
  const edges = [...graph.values()].reduce((n, t) => n + t.length, 0);
  for (const c of found) console.log(`cycle: ${c.map((f) => relative(root, f)).sort().join(" <-> ")}`);
  for (const v of wrong) console.log(`layer: ${v}`);
  console.log(`${graph.size} files, ${edges} imports: ${found.length} cycles, ${wrong.length} imports against the layers`);
  process.exit(found.length || wrong.length ? 1 : 0);
}
