// A Blob (or File) handed to the API, and the name its messages call it by.
// Bytes or undefined given where a Blob was wanted failed inside, as
// "blob.slice(...).arrayBuffer is not a function" or "reading 'name'": they
// are refused up front instead, naming what was given.
import { isBinary } from "../util/bytesView.ts";
import { valueKind } from "../util/valueKind.ts";

/**
 * The name of `blob` (a File's, else its size), after checking it is a Blob.
 * `what` names the argument ("fromBlob(blob)"); `bytesTo` the function that
 * takes bytes instead ("fromBytes()"), for a caller who gave bytes.
 */
export function blobName(blob: unknown, what: string, bytesTo: string): string {
  if (typeof Blob === "undefined" || !(blob instanceof Blob)) {
    throw new TypeError(`utmpx: ${what} is ${valueKind(blob)}, not a Blob or File${isBinary(blob) ? ` (bytes go to ${bytesTo})` : ""}`);
  }
  return (blob as { name?: string }).name ?? `<blob of ${blob.size} bytes>`;
}
