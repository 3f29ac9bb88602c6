// The attack summary of a btmp: failed logins by source and by user name tried,
// each source's first and last attempt and its busiest minute, and the minutes
// when all sources together passed the burst threshold. A source is what lastb
// shows, the host field; ut_addr_v6 only where the host is empty (in the corpus
// they can differ: Ubuntu 22's btmp has host 192.168.100.254, address
// 192.168.124.180). Built for a btmp of millions of attempts from a million
// addresses: it reads the columns (an IPv4 host is parsed from its bytes to a
// number, the key of a typed-array table; any other source, and each user name
// tried, by its bytes in a ByteKeys table) and keeps per-source counts in typed
// arrays, never an object or a string per record or per source: a Map of
// strings stops at 2^24 keys, which a btmp of tens of millions of distinct IPv6
// sources or user names passes.
import type { EntryBatch } from "../core/batch.ts";
import { textOf } from "../sessions/byteStrings.ts";
import type { AuditCheck, RecordScan, ScanContext } from "./check.ts";
import type { FindingBody } from "./finding.ts";
import { isoTime } from "./time.ts";
import { AddressIndex } from "./addressIndex.ts";
import { SourceColumns } from "./sourceColumns.ts";
import { dotted, ipv4Bytes, ipv4Number } from "./ipv4.ts";
import { topIndexes } from "./topIndexes.ts";
import type { StringTable } from "../core/stringTable.ts";
import { ByteKeys } from "../util/byteKeys.ts";
import { byteString, stringBytes } from "../util/text.ts";
import { grown } from "../util/grown.ts";

const NO_BYTES = new Uint8Array(0);

class AttackSummary implements RecordScan {
  /** Sources by key: an IPv4 address's number (in `addresses`), else the host field's bytes (in `names`, the source's index its value). */
  private readonly addresses = new AddressIndex();
  private readonly names = new ByteKeys();
  private readonly sources = new SourceColumns();
  /** User names by their bytes (the entry's number indexes `userAttempts`). */
  private readonly users = new ByteKeys();
  private userAttempts = new Uint32Array(1024);
  /** Attempts per user name id of `userTable`, while names come interned (a brute force's few thousand names do). */
  private userCounts = new Uint32Array(0);
  private userTable: StringTable | undefined;
  private total = 0;
  private first = Infinity;
  private firstMicroseconds = 0;
  private last = -Infinity;
  private lastMicroseconds = 0;
  /** All sources together, per minute. */
  private minute = NaN;
  private inMinute = 0;
  private readonly busyMinutes: { minute: number; attempts: number }[] = [];

  constructor(private readonly context: ScanContext) {
    context.facts.attacks.push({ file: context.name, lookup: (source) => this.lookup(source) });
  }

  batch(batch: EntryBatch): void {
    const { seconds, microseconds, addr, addrFamily } = batch.columns;
    const hasAddr = batch.hasAddr;
    const burst = this.context.settings.burstPerMinute;
    const src = this.sources;
    const interned = batch.hasUser && !batch.isRaw("user");
    if (interned) this.useTable(batch.strings);
    const userIds = batch.columns.user;
    const counts = this.userCounts;
    for (let i = 0; i < batch.length; i++) {
      const s = seconds[i]!;
      if (s === 0) continue;
      const host = batch.fieldBytes("host", i);
      let address = host === undefined ? 0 : ipv4Bytes(host);
      if (address === 0 && (host === undefined || host.length === 0) && hasAddr && addrFamily[i] === 4) {
        const a = i * 16;
        address = addr[a]! * 16777216 + ((addr[a + 1]! << 16) | (addr[a + 2]! << 8) | addr[a + 3]!);
      }
      let k: number;
      let named = -1;
      if (address !== 0) k = this.addresses.indexOf(address, src.count);
      else {
        const name = host ?? NO_BYTES;
        k = this.names.get(name, 0, name.length, 0);
        if (k === -1) named = this.names.set(name, 0, name.length, 0, (k = src.count));
      }
      const m = Math.floor(s / 60);
      if (k === src.count) {
        src.add(address, named);
        src.first[k] = s;
        src.firstMicroseconds[k] = microseconds[i]!;
        src.minute[k] = m;
      }
      src.attempts[k]!++;
      src.last[k] = s;
      if (src.minute[k] === m) src.inMinute[k]!++;
      else {
        src.minute[k] = m;
        src.inMinute[k] = 1;
      }
      if (src.inMinute[k]! > src.peak[k]!) {
        src.peak[k] = src.inMinute[k]!;
        src.peakMinute[k] = m;
      }
      if (m === this.minute) this.inMinute++;
      else {
        this.closeMinute(burst);
        this.minute = m;
        this.inMinute = 1;
      }
      if (interned) counts[userIds[i]!]!++;
      else this.countUser(batch.fieldBytes("user", i) ?? NO_BYTES, 1);
      this.total++;
      if (s < this.first) { this.first = s; this.firstMicroseconds = microseconds[i]!; }
      if (s >= this.last) { this.last = s; this.lastMicroseconds = microseconds[i]!; }
    }
  }

  /** Counts names by id in `table` from now on (the ids it has so far and any it adds). */
  private useTable(table: StringTable): void {
    if (table !== this.userTable) {
      this.flushUsers();
      this.userTable = table;
      this.userCounts = new Uint32Array(Math.max(1024, table.size));
    } else if (table.size > this.userCounts.length) {
      const grown = new Uint32Array(Math.max(table.size, this.userCounts.length * 2));
      grown.set(this.userCounts);
      this.userCounts = grown;
    }
  }

  /** The counts by id into the map by name. */
  private flushUsers(): void {
    const table = this.userTable;
    if (!table) return;
    const counts = this.userCounts;
    for (let id = 0; id < counts.length; id++) {
      const n = counts[id]!;
      if (n > 0) this.countUser(table.bytes(id), n);
    }
    this.userCounts = new Uint32Array(0);
    this.userTable = undefined;
  }

  /** `n` more attempts for the user name of bytes `name`. */
  private countUser(name: Uint8Array, n: number): void {
    let e = this.users.find(name, 0, name.length, 0);
    if (e === -1) {
      e = this.users.set(name, 0, name.length, 0, 0);
      if (e === this.userAttempts.length) this.userAttempts = grown(this.userAttempts, e * 2);
    }
    this.userAttempts[e]! += n;
  }

  private closeMinute(burst: number): void {
    if (this.inMinute >= burst) this.busyMinutes.push({ minute: this.minute, attempts: this.inMinute });
  }

  private label(k: number): string {
    const address = this.sources.address[k]!;
    if (address !== 0) return dotted(address);
    const name = this.names.keyOf(this.sources.name[k]!);
    return name.length === 0 ? "(no source)" : textOf(byteString(name, true));
  }

  private lookup(source: string): { first: number; firstMicroseconds: number; attempts: number } | undefined {
    const v4 = ipv4Number(source);
    let k = v4 > 0 ? this.addresses.find(v4) : -1;
    if (k === -1) {
      const bytes = stringBytes(source); // a byte string: a char a byte
      k = this.names.get(bytes, 0, bytes.length, 0);
    }
    if (k === -1) return undefined;
    return { first: this.sources.first[k]!, firstMicroseconds: this.sources.firstMicroseconds[k]!, attempts: this.sources.attempts[k]! };
  }

  end(): FindingBody[] {
    const { burstPerMinute: burst, top } = this.context.settings;
    this.closeMinute(burst);
    this.flushUsers();
    if (this.total === 0) return [];
    const src = this.sources;
    const count = src.count;
    const topSources = topIndexes(count, top, (k) => src.attempts[k]!).map((k) => ({
      source: this.label(k), attempts: src.attempts[k]!, first: isoTime(src.first[k]!, src.firstMicroseconds[k]!), last: isoTime(src.last[k]!),
      peakPerMinute: src.peak[k]!, peakMinute: isoTime(src.peakMinute[k]! * 60),
    }));
    let bursting = 0;
    for (let k = 0; k < count; k++) if (src.peak[k]! >= burst) bursting++;
    const burstSources = topIndexes(count, top, (k) => (src.peak[k]! >= burst ? src.peak[k]! : -1)).filter((k) => src.peak[k]! >= burst)
      .map((k) => ({ source: this.label(k), minute: isoTime(src.peakMinute[k]! * 60), attempts: src.peak[k]! }));
    const users = this.users.size, attempts = this.userAttempts;
    const topUsers = topIndexes(users, top, (e) => attempts[e]!).map((e) => ({ user: textOf(byteString(this.users.keyOf(e), true)), attempts: attempts[e]! }));
    const minutes = this.busyMinutes;
    const busiest = topIndexes(minutes.length, top, (k) => minutes[k]!.attempts).map((k) => ({ minute: isoTime(minutes[k]!.minute * 60), attempts: minutes[k]!.attempts }));
    // the explanation names the source with the most attempts whatever the lists' length (--top 0 lists none)
    const leadIndex = topIndexes(count, 1, (k) => src.attempts[k]!)[0]!;
    const lead = { source: this.label(leadIndex), attempts: src.attempts[leadIndex]! };
    return [{
      kind: "attack-summary", category: "attack", offset: null, records: this.total,
      before: isoTime(this.first, this.firstMicroseconds), after: isoTime(this.last, this.lastMicroseconds),
      explanation: `${this.total} failed login${this.total === 1 ? "" : "s"} from ${count} source${count === 1 ? "" : "s"} for ${users} user name${users === 1 ? "" : "s"}; most from ${lead.source} (${lead.attempts}); ${bursting} source${bursting === 1 ? "" : "s"} reached ${burst} attempts in a minute`,
      details: {
        attempts: this.total, sources: count, userNames: users, burstThreshold: burst, burstingSources: bursting,
        minutesOverThreshold: minutes.length, topSources, topUsers, burstSources, busiestMinutes: busiest,
      },
    }];
  }
}

export const attackSummary: AuditCheck = {
  id: "attack-summary",
  category: "attack",
  description: "btmp: failed logins by source and user name, first and last seen, per-minute bursts over a threshold",
  roles: ["btmp"],
  scan: (context) => new AttackSummary(context),
};
