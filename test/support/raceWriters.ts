// Scripts that several writer processes run at once, to reproduce the races
// between concurrent writers (issue 10). Each runtime's tests start the
// processes their own way; the scripts and the checks on the results are shared.
//
// Writers start their trials on a shared clock (t0 + k·step ms): they sleep to
// 2 ms before it, then spin on the high-resolution clock, so that in each trial
// they reach the file within microseconds of each other (process start-up, tens
// of ms and uneven, would otherwise keep them apart).

const AWAIT_START = `
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const now = () => performance.timeOrigin + performance.now();
  const awaitStart = (at) => {
    const wait = at - now() - 2;
    if (wait > 0) Atomics.wait(sleeper, 0, 0, wait);
    while (now() < at) {}
  };`;

/** How a writer gives its result: printed (a process) or posted (a worker). */
export type Report = "console" | "postMessage";

/**
 * One writer of the signature race: in each trial k it appends `records`
 * USER_PROCESS records to a new NetBSD wtmpx `${dir}/wtmpx-${k}`, which must then
 * begin with exactly one SIGNATURE record. A batch of records (as undump writes)
 * widens the window between the size check and the write enough for the race
 * to show in most runs of 20 trials.
 */
export function signatureWriter(moduleUrl: string, dir: string, writer: number, records: number, trials: number, t0: number, step: number, report: Report = "console"): string {
  return `
    import { open } from ${JSON.stringify(moduleUrl)};${AWAIT_START}
    const records = (k) => Array.from({ length: ${records} }, (_, i) =>
      ({ type: "USER_PROCESS", user: "w${writer}", line: "ttyp${writer}", id: "p${writer}", pid: i + 1, seconds: 1700000000 + k }));
    for (let k = 0; k < ${trials}; k++) {
      const batch = records(k);
      awaitStart(${t0} + k * ${step});
      open(${JSON.stringify(dir)} + "/wtmpx-" + k, { layout: "netbsdx520-le" }).append(batch);
    }
    ${report === "console" ? "console.log" : "postMessage"}("done");`;
}

/**
 * One writer of the slot race: `rounds` logins, each with an id of its own, into
 * the shared utmp, then the logout of the same id. After each login the writer
 * reads the file: its record must be there (no other writer owns that id, so
 * none may overwrite it). Prints the number of logins found lost.
 */
export function slotWriter(moduleUrl: string, file: string, writer: number, rounds: number, t0: number, report: Report = "console"): string {
  return `
    import { open } from ${JSON.stringify(moduleUrl)};${AWAIT_START}
    const file = ${JSON.stringify(file)};
    awaitStart(${t0});
    let lost = 0;
    for (let i = 0; i < ${rounds}; i++) {
      const id = "${String.fromCharCode(97 + writer)}" + i.toString(36);
      const record = { line: "pts/" + id, id, pid: ${writer} * 10000 + i, seconds: 1700000000 + i };
      open(file, { layout: "linux384-le" }).put({ ...record, type: "USER_PROCESS", user: "w${writer}" });
      if (![...open(file)].some((e) => e.type === "USER_PROCESS" && e.id === id)) lost++;
      open(file, { layout: "linux384-le" }).put({ ...record, type: "DEAD_PROCESS" });
    }
    ${report === "console" ? "console.log" : "postMessage"}(String(lost));`;
}

/** The per-trial faults of signature-race files: "wtmpx-3: 2 SIGNATURE records" etc. */
export function signatureFaults(trials: number, writers: number, records: number, types: (k: number) => string[]): string[] {
  const faults: string[] = [];
  for (let k = 0; k < trials; k++) {
    const got = types(k);
    const signatures = got.filter((t) => t === "SIGNATURE").length;
    const users = got.filter((t) => t === "USER_PROCESS").length;
    if (signatures !== 1 || got[0] !== "SIGNATURE" || users !== writers * records) faults.push(`wtmpx-${k}: ${signatures} SIGNATURE, ${users} USER_PROCESS (${got.length} records)`);
  }
  return faults;
}

/**
 * A Python program that takes the lock glibc's utmp writers take (lockf: fcntl
 * F_SETLKW, F_WRLCK on the whole file), creates `${path}.held` to say so, and
 * after `ms` appends one 384-byte record of 0x50 bytes and lets go: a writer
 * that honours the lock must wait, and its record lands after that one.
 */
export function glibcLockHolder(path: string, ms: number): string {
  return `
import fcntl, os, time
f = open(${JSON.stringify(path)}, "ab")
fcntl.lockf(f, fcntl.LOCK_EX)
open(${JSON.stringify(path)} + ".held", "w").close()
time.sleep(${ms / 1000})
f.write(b"P" * 384)
f.flush()
fcntl.lockf(f, fcntl.LOCK_UN)
`;
}
