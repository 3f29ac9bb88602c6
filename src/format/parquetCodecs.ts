// Compression of Parquet pages. SNAPPY (the default, as Spark and DuckDB
// write) is our own (parquetSnappy.ts). GZIP and ZSTD come from the runtime's
// node:zlib where it has them (Node, Deno and Bun have gzip; Node >= 22.15
// has zstd), else ZSTD from a wasm build of libzstd loaded only when asked
// for. A browser has no synchronous gzip or zstd: pass your own compressor.
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";

export type ParquetCodec = "SNAPPY" | "GZIP" | "ZSTD" | "UNCOMPRESSED";
export const PARQUET_CODECS: readonly ParquetCodec[] = ["SNAPPY", "GZIP", "ZSTD", "UNCOMPRESSED"];

/** Compresses one page, synchronously (the writer calls it page by page). */
export type Compressor = (input: Uint8Array) => Uint8Array;

interface Zlib {
  gzipSync(input: Uint8Array): Uint8Array;
  zstdCompressSync?: (input: Uint8Array) => Uint8Array;
}

function zlib(): Zlib | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    return proc?.getBuiltinModule?.("node:zlib") as Zlib | undefined;
  } catch {
    return undefined;
  }
}

/** zstd level 3: libzstd's default, what DuckDB and Spark write with. */
const ZSTD_LEVEL = 3;

let wasmZstd: Promise<Compressor> | undefined;

/** libzstd compiled to wasm (@bokuweb/zstd-wasm), for runtimes whose zlib lacks zstd. */
function loadWasmZstd(): Promise<Compressor> {
  wasmZstd ??= (async () => {
    const name = "@bokuweb/zstd-wasm"; // through a variable: bundles that never ask for ZSTD do not pull it in
    const zstd = (await import(name)) as { init(): Promise<void>; compress(input: Uint8Array, level: number): Uint8Array };
    await zstd.init();
    return (input: Uint8Array) => zstd.compress(input, ZSTD_LEVEL);
  })();
  wasmZstd.catch(() => (wasmZstd = undefined));
  return wasmZstd;
}

/**
 * The compressor for `codec`: the one given, else the runtime's. undefined for
 * SNAPPY and UNCOMPRESSED (the writer's own).
 * @throws UtmpError UNSUPPORTED when the runtime has none (a browser, for GZIP; ZSTD without its wasm package)
 */
export async function compressorFor(codec: ParquetCodec, given?: Compressor): Promise<Compressor | undefined> {
  if (!PARQUET_CODECS.includes(codec)) {
    throw new UtmpError(UtmpErrorCode.BAD_INPUT, `utmpx: unknown Parquet codec '${String(codec)}' (one of ${PARQUET_CODECS.join(", ")})`);
  }
  if (codec === "SNAPPY" || codec === "UNCOMPRESSED") return given;
  if (given) return given;
  const z = zlib();
  if (codec === "GZIP") {
    if (z) return (input) => z.gzipSync(input);
    throw new UtmpError(UtmpErrorCode.UNSUPPORTED, "utmpx: this runtime has no synchronous gzip: pass a compressor for GZIP (fflate's gzipSync, for one), or use SNAPPY");
  }
  if (z?.zstdCompressSync) return (input) => z.zstdCompressSync!(input);
  try {
    return await loadWasmZstd();
  } catch (err) {
    throw new UtmpError(UtmpErrorCode.UNSUPPORTED, `utmpx: no zstd compressor here (node:zlib has none before Node 22.15, and @bokuweb/zstd-wasm did not load: ${(err as Error).message}); pass a compressor for ZSTD, or use SNAPPY`, { cause: err });
  }
}
