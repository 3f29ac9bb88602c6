// The live-system check of util-linux last (is_phantom): a login with no
// logout is "still logged in" only when it began after this boot and its
// process's loginuid, or else its tty's owner, is the user's uid. Node, Bun and
// Deno (node:fs found at run time, so that browser bundles stay free of it).
import { stringBytes } from "../util/text.ts";

interface NodeFs {
  readFileSync(path: string, encoding: "utf8"): string;
  statSync(path: string): { uid: number };
}

/** A byte string (one char per byte) as UTF-8 text. */
function utf8(bytes: string): string {
  return new TextDecoder().decode(stringBytes(bytes));
}

function nodeFs(): NodeFs | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.("node:fs") as NodeFs | undefined;
}

/** Seconds of this boot (/proc/stat btime), or undefined. */
export function bootTime(fs = nodeFs()): number | undefined {
  try {
    const m = /^btime\s+(\d+)/m.exec(fs!.readFileSync("/proc/stat", "utf8"));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** uid of `user` in /etc/passwd (users known only to other NSS sources are not found). */
function uidOf(fs: NodeFs, user: string): number | undefined {
  try {
    for (const line of fs.readFileSync("/etc/passwd", "utf8").split("\n")) {
      const f = line.split(":");
      if (f[0] === user && f.length >= 3) return Number(f[2]);
    }
  } catch { /* no passwd */ }
  return undefined;
}

/** An isPhantom check for sessions({ liveSystem: true }) on this machine. */
export function livePhantomCheck(): (s: { user: string; line: string; pid: number; seconds: number }) => boolean {
  const fs = nodeFs();
  const boot = bootTime(fs) ?? 0;
  return (s) => {
    if (!fs) return true;
    if (s.seconds < boot) return true;
    // user and line arrive as byte strings (one char per byte)
    const user = utf8(s.user.slice(0, 31));
    const uid = uidOf(fs, user);
    if (uid === undefined) return true;
    let loginuid: string | undefined;
    try {
      loginuid = fs.readFileSync(`/proc/${s.pid >>> 0}/loginuid`, "utf8");
    } catch {
      loginuid = undefined;
    }
    if (loginuid !== undefined) {
      const m = /^\s*(\d+)/.exec(loginuid);
      return !m || Number(m[1]) !== uid;
    }
    try {
      return fs.statSync(`/dev/${utf8(s.line)}`).uid !== uid;
    } catch {
      return true;
    }
  };
}
