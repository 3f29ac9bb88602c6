/** Whether every byte is 0: four at a time where the bytes are aligned for it, as a decompressor's chunks and most buffers are. */
export function allZero(bytes: Uint8Array): boolean {
  const n = bytes.length;
  let i = 0;
  if (bytes.byteOffset % 4 === 0) {
    const words = new Int32Array(bytes.buffer, bytes.byteOffset, n >> 2);
    // a record's first bytes are its type: real records fail at the first word
    for (let w = 0; w < words.length; w++) if (words[w] !== 0) return false;
    i = words.length << 2;
  }
  for (; i < n; i++) if (bytes[i] !== 0) return false;
  return true;
}
