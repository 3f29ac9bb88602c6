// The SHA-256 of toParquet's bytes for fixtures (origin source = the fixture,
// host "browser"): Node's bytes are the ones DuckDB checks (parquet.test.ts);
// the browser test makes the same bytes in Chromium. A change of how pages are
// encoded (src/format/parquet*.ts, or hyparquet-writer's page headers and footer)
// changes them: check DuckDB still agrees, then record the new digests.
export const PARQUET_KNOWN_ANSWERS: readonly (readonly [fixture: string, sha256: string])[] = [
  ["generated-glibc-x86_64/wtmp", "99949cec7e6db3086d1706749d3d1813a229ef397ea9b282e7c577ea7b4acd3f"],
  ["s4/FreeBSD13.1/x86_64/utx.log", "fc41bc0ab653501255486e183dd3599a3c5f0101cdcfede5513744a49d2864f9"],
];
