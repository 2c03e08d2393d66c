import assert from "node:assert/strict";
import { test } from "node:test";
import { formatTable } from "./format-table.ts";

void test("reproduces kubectl's layout of the seed's traditional Job pod", () => {
  assert.equal(
    formatTable(["Name", "Ready", "Status", "Restarts", "Age"], [["batch-job-traditional-htx9w", "1/2", "NotReady", "0", "6m48s"]]),
    "NAME                          READY   STATUS     RESTARTS   AGE\n" +
      "batch-job-traditional-htx9w   1/2     NotReady   0          6m48s\n",
  );
});

void test("a column is at least 6 wide, cells are padded by 3, the last cell is not padded", () => {
  assert.equal(formatTable(["a", "b", "c"], [["x", "yyyyyyy", "z"]]), "A     B         C\nx     yyyyyyy   z\n");
});

void test("widths count characters, not bytes", () => {
  assert.equal(formatTable(["n", "m"], [["ééé", "1"]]), "N     M\nééé   1\n");
});
