// The reading worker, started by the decoding worker: it asks the browser for
// a File's slices one after another and passes each on (transferred, not
// copied). Why a worker of its own: a Blob read makes progress only while its
// thread's event loop runs (the bytes come through a pipe that thread drains),
// so reads issued by the decoding worker stalled while it decoded; here they
// go on meanwhile. Messages: in, { blob, start, first, step }; out, { at, bytes } per
// slice, then { done: true }, or { error }.
export interface ReadRequest {
  readonly blob: Blob;
  readonly start: number;
  /** The first slice's length (a small one: the first rows show sooner), then `step` each. */
  readonly first: number;
  readonly step: number;
}
export type ReadReply = { readonly at: number; readonly bytes: ArrayBuffer } | { readonly done: true } | { readonly error: string };

const me = self as unknown as Worker;

me.onmessage = async (event: MessageEvent<ReadRequest>) => {
  const { blob, start, first, step } = event.data;
  const reply = (m: ReadReply, transfer: Transferable[] = []) => me.postMessage(m, transfer);
  try {
    for (let at = start, length = first; at < blob.size; at += length, length = step) {
      const bytes = await blob.slice(at, Math.min(blob.size, at + length)).arrayBuffer();
      reply({ at, bytes }, [bytes]);
    }
    reply({ done: true });
  } catch (err) {
    reply({ error: err instanceof Error ? err.message : String(err) });
  }
};
