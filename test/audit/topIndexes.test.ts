// topIndexes: the few largest, largest first, the earlier of equals first; none when none are wanted.
import { describe, expect, it } from "vitest";
import { topIndexes } from "../../src/audit/topIndexes.ts";

const scores = [3, 9, 1, 9, 4];
const top = (n: number) => topIndexes(scores.length, n, (i) => scores[i]!);

describe("topIndexes", () => {
  it("gives the n largest, largest first, the earlier of equal scores first", () => {
    expect(top(3)).toStrictEqual([1, 3, 4]);
    expect(top(1)).toStrictEqual([1]);
    expect(top(10)).toStrictEqual([1, 3, 4, 0, 2]);
  });

  it("gives none for n = 0 (it read the score of a kept index that did not exist)", () => {
    expect(top(0)).toStrictEqual([]);
    expect(topIndexes(0, 0, () => 0)).toStrictEqual([]);
  });
});
