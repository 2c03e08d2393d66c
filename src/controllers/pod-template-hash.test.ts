import { test } from "node:test";
import assert from "node:assert/strict";
import type { PodTemplateSpec } from "../api/core.ts";
import { canonicalJson, computeHash, fnv32a, safeEncodeString } from "./pod-template-hash.ts";

const template = (image: string): PodTemplateSpec => ({
  metadata: { labels: { app: "web" } },
  spec: { containers: [{ name: "nginx", image }] },
});

void test("fnv32a gives the FNV-1a 32-bit test vectors", () => {
  const rows: [string, number][] = [["", 0x811c9dc5], ["a", 0xe40c292c], ["foobar", 0xbf9cf968]];
  for (const [input, want] of rows) assert.equal(fnv32a(new TextEncoder().encode(input)), want, input);
});

void test("safeEncodeString maps digits as rand.SafeEncodeString does", () => {
  assert.equal(safeEncodeString("0123456789"), "456789bcdf");
  assert.equal(safeEncodeString("3123195897"), "75675f9dfc");
});

void test("canonicalJson sorts keys at every level", () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } }), '{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
});

// pillion's own value (see the file comment: not a real cluster's spew-based hash).
void test("computeHash: a pinned template hashes to a pinned value, key order does not matter", () => {
  const hash = computeHash(template("nginx:1.27"));
  assert.equal(hash, "787cdcbd95");
  assert.equal(computeHash({ spec: { containers: [{ image: "nginx:1.27", name: "nginx" }] }, metadata: { labels: { app: "web" } } }), hash);
});

void test("computeHash: another image, or a collisionCount, gives another hash", () => {
  const base = computeHash(template("nginx:1.27"));
  assert.notEqual(computeHash(template("nginx:1.28")), base);
  assert.notEqual(computeHash(template("nginx:1.27"), 0), base);
  assert.notEqual(computeHash(template("nginx:1.27"), 1), computeHash(template("nginx:1.27"), 0));
  assert.match(computeHash(template("nginx:1.27"), 7), /^[456789bcdf]{1,10}$/);
});
