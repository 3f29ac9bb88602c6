// What anonymize() makes of some fixtures under one key, as SHA-256 of the
// copies: every runtime (Node, Deno, Bun, Chromium) must make these same bytes,
// so a name anonymized anywhere gets the same pseudonym everywhere. The
// derivation itself is checked against node:crypto in anonymizePseudonym.test.ts;
// a change of it must change CONTEXT's version in src/write/pseudonym.ts, and these.

export const KNOWN_KEY = "correct horse battery staple";

export const KNOWN_ANSWERS: readonly (readonly [fixture: string, sha256: string])[] = [
  ["generated-glibc-x86_64/wtmp", "b5c3a0f11325f215aa7b9ac2f2baa2ff9aabedaf32325b11453e56086ae35f2a"],
  ["generated-glibc-x86_64/btmp", "647f85ebcf1dca24ebe5788d6f4fcf77cdec999e80d84c6e82205bb8e10748a0"],
  ["s4/FreeBSD14.0/x86_64/utx.log", "e617437d2f0d226c24d5ad1316f84ffacb089b739b7f3b7dd5569e5fcc45ce9d"],
  ["s4/NetBSD9.3/x86_64/wtmpx", "21c527a60333186a7c43b271aafa62ca3228e16ba70648d0a811e33c538b20ad"],
  ["plaso/utmp_s390", "64c452f355bc20e07780722c95a9c6a3e74038e4c995ecb5d8eab5ddd0bebd71"],
  // databases: sql.js rebuilds them (VACUUM) the same way everywhere
  ["wtmpdb/db/normal.db", "a2a5827978e04cbcd9916b14d9e71a28495914a0348ad2668c28f47b5a8de4dc"],
  ["lastlog/lastlog2.db", "83b96618bf5716b9d8857a2b03cb984a438a1293b259854447a55f77cb1a5101"],
];
