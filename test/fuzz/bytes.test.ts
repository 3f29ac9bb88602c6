// Fuzz of the in-memory readers (issue 10): mutated files through fromBytes,
// batches(), count()/filter(), sessions() and lastlog. See harness.ts for
// FUZZ_RUNS / FUZZ_SEED / FUZZ_FROM; `npm run fuzz` runs a million per API.
import { describe, it } from "vitest";
import { announce, runFuzz, TIMEOUT } from "./harness.ts";
import { BYTE_APIS } from "./apis/bytes.ts";

announce("bytes");

describe("fuzz: in-memory readers", () => {
  for (const api of BYTE_APIS) it(api.name, () => runFuzz(api), TIMEOUT);
});
