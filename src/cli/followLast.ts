// `utmpx last --follow`: after last's listing, the sessions of records as they
// are appended, each printed when it opens ("still logged in") and again when
// it closes (with its logout and length), boots and shutdowns as they come.
// last's pairer reads newest first and cannot run forward, so following pairs
// by its simplest rules: a logout closes the open login of its line (of its row
// ID in a wtmpdb database), a later login on the same line closes the earlier
// one, a boot ends every open session as a crash, a shutdown as down.
import type { Entry } from "../core/entry.ts";
import type { Session, SessionKind, SessionStatus } from "../sessions/sessions.ts";
import { LastFormatter, type LastFormatOptions } from "../format/last.ts";
import { ByteWriter } from "../format/byteWriter.ts";
import { utf8ByteString } from "../util/text.ts";
import type { Layout } from "../layouts/table.ts";
import type { ParsedArgs } from "./args.ts";
import { followSettings, runFollow, type FollowContext } from "./follow.ts";
import { LargeMap } from "../util/largeMap.ts";
import { sessionJSON } from "../sessions/sessionJSON.ts";

interface Open {
  readonly entry: Omit<Session, "logout" | "end" | "duration" | "status" | "stillRunning" | "evidence" | "toJSON"> & { readonly offset: number };
}

function opened(e: Entry, kind: SessionKind, line: string): Open["entry"] {
  const user = e.user ?? "", host = e.host ?? "";
  const raw = e.raw.addr;
  return {
    kind, user, line, host, addr: raw, pid: e.pid,
    login: { date: e.date, seconds: e.seconds, microseconds: e.microseconds },
    bytes: { user: utf8ByteString(user), line: utf8ByteString(line), host: utf8ByteString(host) },
    offset: e.offset,
  };
}

function row(o: Open["entry"], status: SessionStatus, end?: Entry): Session {
  const logout = end && status === "logged-out" ? { date: end.date, seconds: end.seconds, microseconds: end.microseconds } : undefined;
  const endSeconds = end ? end.seconds : 0;
  return {
    ...o, status, logout, end: endSeconds,
    duration: end ? end.seconds - o.login.seconds : undefined,
    stillRunning: status === "event" && !end,
    evidence: { open: { index: 0, offset: o.offset }, close: end ? { index: 0, offset: end.offset } : undefined },
    toJSON() { return sessionJSON(this); },
  };
}

/** Follows the newest of last's files from its end, printing rows as they open and close. */
export async function followLast(args: ParsedArgs, files: readonly string[], layout: Layout | undefined, ctx: FollowContext,
  format: LastFormatOptions): Promise<number> {
  // -n limits the listing, not what follows; rows print as last prints them
  const f = new LastFormatter({ ...format, limit: 0 });
  const s = followSettings(args, files.slice(-1), layout, "end");
  const open = new LargeMap<string, Open["entry"]>(); // one per open login: a Map stops at 2^24
  const w = new ByteWriter(1 << 12);
  const print = (session: Session) => { if (f.write(w, session)) ctx.stdout.writeFrom(w); };
  const closeAll = (status: SessionStatus, end: Entry) => {
    for (const o of open.values()) print(row(o, status, end));
    open.clear();
  };
  return runFollow(s, ctx, (batch) => {
    const byRow = batch.layout.id === "wtmpdb";
    for (const e of batch) {
      const line = e.line ?? "";
      const key = byRow ? `#${e.session}` : line;
      switch (e.type) {
        case "USER_PROCESS": {
          const before = open.get(key);
          if (before) print(row(before, "logged-out", e));
          const o = opened(e, "session", line);
          open.set(key, o);
          print(row(o, "still-logged-in"));
          break;
        }
        case "DEAD_PROCESS": {
          const o = open.get(key);
          if (o) { open.delete(key); print(row(o, "logged-out", e)); }
          break;
        }
        case "BOOT_TIME":
          closeAll("crash", e);
          print(row(opened(e, "boot", "system boot"), "event"));
          break;
        case "SHUTDOWN_TIME":
          closeAll("down", e);
          print(row(opened(e, "shutdown", "system down"), "event"));
          break;
        case "RUN_LVL":
          // systemd and wtmpdb write a shutdown as a runlevel record of user "shutdown"
          if (e.user === "shutdown") {
            closeAll("down", e);
            print(row(opened(e, "shutdown", "system down"), "event"));
          }
          break;
        default:
          break;
      }
    }
  });
}
