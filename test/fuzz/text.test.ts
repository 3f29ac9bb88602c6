// Fuzz of the text parsers (issue 10): utmpdump text read back (dump -r) and
// util-linux's time grammar (last -s/-t/-p).
import { describe, it } from "vitest";
import { announce, runFuzz, TIMEOUT } from "./harness.ts";
import { TEXT_APIS } from "./apis/text.ts";

announce("text");

describe("fuzz: text parsers", () => {
  for (const api of TEXT_APIS) it(api.name, () => runFuzz(api), TIMEOUT);
});
