// The SHA-256 of toParquet's bytes for fixtures (origin source = the fixture,
// host "browser"): Node's bytes are the ones DuckDB checks (parquet.test.ts);
// the browser test makes the same bytes in Chromium. A new hyparquet-writer
// version may change them: check DuckDB still agrees, then record the new digests.
export const PARQUET_KNOWN_ANSWERS: readonly (readonly [fixture: string, sha256: string])[] = [
  ["generated-glibc-x86_64/wtmp", "148f30f8e4a8a8d47b71fc792c8ad56199bc37f99532b1feae26959c80e0bca1"],
  ["s4/FreeBSD13.1/x86_64/utx.log", "f6ed9d97fd94e3afa233bd2d054f0738f9bf5472b1d937bf4cfa7e2c89a15868"],
];
