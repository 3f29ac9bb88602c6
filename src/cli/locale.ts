// The locale last and who run in, read as their setlocale(LC_ALL, "") reads
// it with glibc: per category LC_ALL, else LC_<category>, else LANG, else "C"
// (an empty variable counts as unset); and when any category names a locale
// that is not installed, the call fails and every category stays "C"
// (`LANG=de_DE.UTF-8 last` on a system without it prints "\303\274", as in C).
// What the tools do with it: last prints non-ASCII bytes as they are only in a
// UTF-8 LC_CTYPE, and who prints ISO times only where LC_TIME is not C/POSIX
// (coreutils' hard_locale).
import { existsSync, openSync, readSync, closeSync } from "node:fs";

const CATEGORIES = [
  "LC_CTYPE", "LC_NUMERIC", "LC_TIME", "LC_COLLATE", "LC_MONETARY", "LC_MESSAGES",
  "LC_PAPER", "LC_NAME", "LC_ADDRESS", "LC_TELEPHONE", "LC_MEASUREMENT", "LC_IDENTIFICATION",
] as const;

export interface CliLocale {
  /** LC_CTYPE's character set is UTF-8. */
  readonly utf8: boolean;
  /** LC_TIME is neither C nor POSIX (coreutils' hard_locale(LC_TIME)). */
  readonly hardTime: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

/** glibc's _nl_normalize_codeset: letters lowercased, digits kept, the rest dropped ("UTF-8" is "utf8"). */
function normalizeCodeset(codeset: string): string {
  const kept = codeset.toLowerCase().replace(/[^a-z0-9]/g, "");
  return /^[0-9]+$/.test(kept) ? `iso${kept}` : kept;
}

/** "de_DE.UTF-8@euro" with its codeset normalised: "de_DE.utf8@euro". */
function normalizeName(name: string): string {
  return name.replace(/\.([^@]*)/, (_, codeset: string) => `.${normalizeCodeset(codeset)}`);
}

const isPortable = (name: string) => name === "C" || name === "POSIX";

/** Whether the locale's character set is UTF-8 ("C.UTF-8", "en_US.utf8"). */
function isUtf8(name: string): boolean {
  const dot = name.indexOf(".");
  return dot >= 0 && normalizeCodeset(name.slice(dot + 1).split("@")[0]!) === "utf8";
}

const LOCALE_DIR = "/usr/lib/locale";

/** The names in glibc's locale-archive (locale -a's list), read from its string table. */
export function archiveNames(path = `${LOCALE_DIR}/locale-archive`): Set<string> {
  const names = new Set<string>();
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const head = Buffer.alloc(32);
    if (readSync(fd, head, 0, 32, 0) < 32) return names;
    // struct locarhead: magic, serial, namehash_{offset,used,size}, string_{offset,used,...}, in the machine's byte order
    const le = head.readUInt32LE(0) === 0xde020109;
    const u32 = (at: number) => (le ? head.readUInt32LE(at) : head.readUInt32BE(at));
    if (!le && head.readUInt32BE(0) !== 0xde020109) return names;
    const strings = Buffer.alloc(Math.min(u32(24), 1 << 24));
    readSync(fd, strings, 0, strings.length, u32(20));
    for (const name of strings.toString("latin1").split("\0")) if (name) names.add(name);
  } catch {
    // no archive: directories only
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return names;
}

/** Whether setlocale() would find `name` installed (in /usr/lib/locale, as a directory or in the archive). */
export function installedLocale(name: string, archive: () => Set<string> = archiveOnce): boolean {
  if (isPortable(name)) return true;
  if (name.includes("/")) return false; // glibc takes no paths from the environment here
  const normalized = normalizeName(name);
  if (existsSync(`${LOCALE_DIR}/${name}/LC_CTYPE`) || existsSync(`${LOCALE_DIR}/${normalized}/LC_CTYPE`)) return true;
  const names = archive();
  return names.has(normalized) || names.has(name);
}

let archiveCache: Set<string> | undefined;
const archiveOnce = () => (archiveCache ??= archiveNames());

/** The locale of the process environment, as last and who see it. */
export function cliLocale(env: Env = process.env, installed: (name: string) => boolean = installedLocale): CliLocale {
  const set = (v: string | undefined) => (v ? v : undefined);
  const names = new Map(CATEGORIES.map((c) => [c, set(env.LC_ALL) ?? set(env[c]) ?? set(env.LANG) ?? "C"]));
  const checked = new Map<string, boolean>();
  for (const name of new Set(names.values())) checked.set(name, installed(name));
  // setlocale(LC_ALL, "") is all or nothing
  if ([...checked.values()].some((ok) => !ok)) return { utf8: false, hardTime: false };
  return { utf8: isUtf8(names.get("LC_CTYPE")!), hardTime: !isPortable(names.get("LC_TIME")!) };
}
