// A record's bytes as stored, for the hex dump. A gzip archive is read again
// up to the record (the decompressed file is not kept: a rotated wtmp.1.gz can
// be far larger than the archive).
export async function rawBytes(blob: Blob, gzip: boolean, offset: number, length: number): Promise<Uint8Array> {
  if (!gzip) return new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer());
  const out = new Uint8Array(length);
  let at = 0; // decompressed bytes passed
  let got = 0;
  const reader = blob.stream().pipeThrough(new DecompressionStream("gzip")).getReader();
  try {
    while (got < length) {
      const { done, value } = await reader.read();
      if (done) break;
      const from = Math.max(offset, at), to = Math.min(offset + length, at + value.length);
      if (to > from) { out.set(value.subarray(from - at, to - at), from - offset); got += to - from; }
      at += value.length;
    }
  } finally {
    void reader.cancel().catch(() => {});
  }
  return out.subarray(0, got);
}
