// Fuzz of encode() (issue 10): decoded entries and plain values, in every
// layout, round trip or are refused with OUT_OF_RANGE only.
import { describe, it } from "vitest";
import { announce, runFuzz, TIMEOUT } from "./harness.ts";
import { ENCODE_APIS } from "./apis/encode.ts";

announce("encode");

describe("fuzz: encode", () => {
  for (const api of ENCODE_APIS) it(api.name, () => runFuzz(api), TIMEOUT);
});
