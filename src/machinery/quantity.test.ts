import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { compareQuantity, parseQuantity, quantityString } from "./quantity.ts";

void describe("parseQuantity / quantityString", () => {
  const rows: [string, string][] = [
    ["1", "1"], ["0.5", "500m"], ["100m", "100m"], ["1000m", "1"], ["1500m", "1500m"], ["2000", "2k"],
    ["1Gi", "1Gi"], ["1024Mi", "1Gi"], ["1536Mi", "1536Mi"], ["0.5Gi", "512Mi"], ["1e3", "1e3"], ["128974848", "128974848"],
    ["0", "0"], ["-1", "-1"], ["1u", "1u"], ["0.1n", "1n"],
  ];
  for (const [input, want] of rows) {
    void it(`${input} prints as ${want}`, () => {
      const q = parseQuantity(input);
      assert.ok(q);
      assert.equal(quantityString(q), want);
    });
  }

  for (const bad of ["", "abc", "1.2.3", "1Q", "--1"]) {
    void it(`${JSON.stringify(bad)} is not a quantity`, () => { assert.equal(parseQuantity(bad), undefined); });
  }

  void it("compares across suffixes", () => {
    const q = (s: string) => parseQuantity(s)!;
    assert.equal(compareQuantity(q("1"), q("1000m")), 0);
    assert.equal(compareQuantity(q("1Gi"), q("1G")), 1);
    assert.equal(compareQuantity(q("100m"), q("0.2")), -1);
  });
});
