import { describe, expect, it } from "vitest";
import { memoized } from "../pipeline/memo.js";

describe("memoized", () => {
  it("reads each key once, null results included, and reads again after the table is emptied at its limit", () => {
    const reads: string[] = [];
    const lengthOrNull = memoized((key: string) => {
      reads.push(key);
      return key === "" ? null : key.length;
    }, 3);
    expect([lengthOrNull("ab"), lengthOrNull("ab"), lengthOrNull(""), lengthOrNull("")]).toEqual([
      2,
      2,
      null,
      null,
    ]);
    expect(reads).toEqual(["ab", ""]);
    lengthOrNull("abc"); // the third entry: the table is now full
    lengthOrNull("abcd"); // empties it, then keeps this one alone
    lengthOrNull("ab");
    lengthOrNull("abcd");
    expect(reads).toEqual(["ab", "", "abc", "abcd", "ab"]);
  });
});
