// Fuzz of the streaming readers (issue 10): stream() over random chunk sizes,
// plain and gzip, equals fromBytes(); openAll() over several damaged sources.
import { describe, it } from "vitest";
import { announce, runFuzz, TIMEOUT } from "./harness.ts";
import { STREAM_APIS } from "./apis/stream.ts";

announce("stream");

describe("fuzz: streaming readers", () => {
  for (const api of STREAM_APIS) it(api.name, () => runFuzz(api), TIMEOUT);
});
