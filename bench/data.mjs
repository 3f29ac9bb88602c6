// The bench's data files, in bench/data/ (gitignored). Generated files are
// kept between runs and made again when the generator is newer; sparse files
// are made with ftruncate and cost no disk.
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readFileSync, readSync, statSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const DATA = join(ROOT, "bench", "data");
export const RECORD = 384;
const GENERATOR = join(ROOT, "bench", "generate.mjs");
mkdirSync(DATA, { recursive: true });

const fresh = (path, size) => existsSync(path) && statSync(path).size === size && statSync(path).mtimeMs > statSync(GENERATOR).mtimeMs;

/**
 * The file of `records` records of `shape` and what its generator counted
 * (`{ distinct, common }`). Generated in a child process, so that the
 * generator's sets of distinct values never weigh on the bench's heap.
 */
/** The first `length` bytes of the file at `path` (fewer when it is shorter), read alone: not the 384 MB of a shape to keep its start. */
export function fileHead(path, length) {
  const head = new Uint8Array(length);
  const fd = openSync(path, "r");
  try {
    return head.subarray(0, readSync(fd, head, 0, length, 0));
  } finally {
    closeSync(fd);
  }
}

export function shapeFile(shape, records) {
  const path = join(DATA, `${shape}-${records}`);
  if (!fresh(path, records * RECORD) || !existsSync(`${path}.json`)) {
    console.error(`generating ${path}`);
    const r = spawnSync(process.execPath, [GENERATOR, String(records), path, shape], { stdio: ["ignore", "ignore", "inherit"] });
    if (r.status !== 0) throw new Error(`bench/generate.mjs ${shape} failed`);
  }
  return { path, ...JSON.parse(readFileSync(`${path}.json`, "utf8")) };
}

/** A file of `size` bytes: `head`, then a hole up to `size` (reads as zeros). Made anew each time: it is free. */
export function sparseFile(name, size, head = new Uint8Array()) {
  const path = join(DATA, name);
  const fd = openSync(path, "w");
  writeSync(fd, head);
  ftruncateSync(fd, size);
  closeSync(fd);
  return path;
}

/** A file of `block` written `copies` times (kept when it already has that size). */
export function repeatedFile(name, block, copies) {
  const path = join(DATA, name);
  if (existsSync(path) && statSync(path).size === block.length * copies) return path;
  console.error(`writing ${path}`);
  const fd = openSync(path, "w");
  for (let i = 0; i < copies; i++) writeSync(fd, block);
  closeSync(fd);
  return path;
}

/**
 * Reads the file through once, so that what is measured next reads it from the
 * page cache like every other row, not from disk (a large file written by an
 * earlier run may have been evicted since).
 */
export function warmPageCache(path) {
  const buffer = new Uint8Array(1 << 20);
  const fd = openSync(path, "r");
  try {
    while (readSync(fd, buffer, 0, buffer.length, null) > 0);
  } finally {
    closeSync(fd);
  }
}

/** `length` deterministic random bytes (xorshift32, as generate.mjs): the same garbage every run. */
export function randomBytes(length, seed = 0x9a4ba9e) {
  const words = new Uint32Array(Math.ceil(length / 4));
  let x = seed >>> 0;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    words[i] = x;
  }
  return new Uint8Array(words.buffer, 0, length);
}

/** The smallest whole number of records covering `gb` × 10^9 bytes, in bytes. */
export const recordsCovering = (gb) => Math.ceil((gb * 1e9) / RECORD) * RECORD;
