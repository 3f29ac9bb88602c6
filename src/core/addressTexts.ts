// The text of a batch's raw addresses: those the core left uninterned, which
// is most of them in a brute-force btmp or an internet-facing server's wtmp
// (src/core/internPolicy.ts). Formatting each one into a string of its own cost
// 50 ns (IPv4, a template of four numbers) to 300 ns (IPv6, a string built from
// its bytes) per read. Here the addresses of a run of rows are written as ASCII
// bytes in one pass, decoded in one call, and each row's text is a substring.
//
// Why runs of 64 rows: a substring of 13 chars or more shares its run's
// characters, so an address kept long after its batch keeps its run (at most
// 64 × 45 bytes) alive; short runs bound that, and still make the decode call
// one per 64 addresses.
import { putIPv4, putIPv6 } from "../util/address.ts";

/** Rows per run, as a shift: 64. */
const RUN_SHIFT = 6;
const RUN = 1 << RUN_SHIFT;
/** The longest address text (an IPv6 address with an IPv4 tail), per row. */
const MAX_TEXT = 45;

// one char per byte (ASCII is all that is written): the bytes' text in one call
const latin1 = new TextDecoder("latin1");
const scratch = new Uint8Array(RUN * MAX_TEXT);

/** What is read of a batch's address columns (EntryColumns). */
interface AddressColumns {
  readonly addr: Uint8Array;
  readonly addrFamily: Uint8Array;
  readonly addrId: Uint32Array;
}

export class AddressTexts {
  /** Each run's text, once one of its rows was read. */
  private readonly runs: (string | undefined)[] = [];
  /** Per row, where its text ends in its run's text (it starts where the row before ends, or at 0). */
  private readonly ends: Uint16Array;

  constructor(private readonly columns: AddressColumns, private readonly length: number) {
    this.ends = new Uint16Array(length);
  }

  /** Row `i`'s address as inet_ntop writes it: a row with a raw address (family 4 or 6, id 0). */
  text(i: number): string {
    const k = i >>> RUN_SHIFT;
    const run = this.runs[k] ?? this.write(k);
    return run.substring((i & (RUN - 1)) === 0 ? 0 : this.ends[i - 1]!, this.ends[i]!);
  }

  /** Writes run `k`'s raw addresses (other rows' texts are empty) and decodes them. */
  private write(k: number): string {
    const c = this.columns;
    const from = k << RUN_SHIFT, to = Math.min(this.length, from + RUN);
    let n = 0;
    for (let i = from; i < to; i++) {
      const family = c.addrFamily[i];
      if (family !== 0 && c.addrId[i] === 0) n = family === 6 ? putIPv6(c.addr, i * 16, scratch, n) : putIPv4(c.addr, i * 16, scratch, n);
      this.ends[i] = n;
    }
    return (this.runs[k] = latin1.decode(scratch.subarray(0, n)));
  }
}
