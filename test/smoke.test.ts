import { describe, expect, it } from "vitest";
import { fromBytes } from "../src/index.ts";

describe("smoke", () => {
  it("decodes nothing from an empty file", () => {
    const db = fromBytes(new Uint8Array(0));
    expect(db.length).toBe(0);
    expect([...db]).toEqual([]);
  });
});
