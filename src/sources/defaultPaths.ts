// Where each system keeps its accounting files (FORMATS.md §1, §4, §6).

export interface DefaultPaths {
  readonly utmp: string;
  readonly wtmp: string;
  readonly btmp: string;
  readonly lastlog: string;
  /**
   * Linux: the SQLite databases that replace wtmp and lastlog (Debian 13,
   * openSUSE), read where the classic file is missing.
   */
  readonly wtmpdb?: string;
  readonly lastlog2?: string;
}

const LINUX: DefaultPaths = {
  utmp: "/var/run/utmp", wtmp: "/var/log/wtmp", btmp: "/var/log/btmp", lastlog: "/var/log/lastlog",
  wtmpdb: "/var/lib/wtmpdb/wtmp.db", lastlog2: "/var/lib/lastlog/lastlog2.db",
};

function platform(): string | undefined {
  const g = globalThis as { process?: { platform?: string }; Deno?: { build?: { os?: string } } };
  return g.Deno?.build?.os ?? g.process?.platform;
}

/** The default paths of the running system (Linux's where the system is not known). */
export function defaultPaths(): DefaultPaths {
  switch (platform()) {
    // FreeBSD keeps no btmp; utx.lastlogin is its per-user last login
    case "freebsd": return { utmp: "/var/run/utx.active", wtmp: "/var/log/utx.log", btmp: "/var/log/utx.log", lastlog: "/var/log/utx.lastlogin" };
    // macOS keeps only utmpx (history went to ASL)
    case "darwin": return { utmp: "/var/run/utmpx", wtmp: "/var/run/utmpx", btmp: "/var/run/utmpx", lastlog: "/var/run/utmpx" };
    case "sunos": case "solaris": case "illumos": return { utmp: "/var/adm/utmpx", wtmp: "/var/adm/wtmpx", btmp: "/var/adm/btmpx", lastlog: "/var/adm/lastlog" };
    case "aix": return { utmp: "/etc/utmp", wtmp: "/var/adm/wtmp", btmp: "/etc/security/failedlogin", lastlog: "/var/adm/lastlog" };
    case "openbsd": return { utmp: "/var/run/utmp", wtmp: "/var/log/wtmp", btmp: "/var/log/btmp", lastlog: "/var/log/lastlog" };
    case "netbsd": return { utmp: "/var/run/utmpx", wtmp: "/var/log/wtmpx", btmp: "/var/log/btmp", lastlog: "/var/log/lastlog" };
    default: return LINUX;
  }
}
