import assert from "node:assert/strict";
import { test } from "node:test";
import { ANNOTATION_CONTAINER_HASH } from "../runtime/runtime.ts";
import { containerChanged, hashContainer } from "./container-hash.ts";
import { makeInstance } from "./status/make-snapshot.ts";

void test("the hash is a stable hex string of name and image only", () => {
  const a = hashContainer({ name: "main", image: "busybox:1.36" });
  assert.match(a, /^[0-9a-f]{1,8}$/);
  assert.equal(hashContainer({ name: "main", image: "busybox:1.36", command: ["sh"], env: [{ name: "A", value: "1" }] }), a);
  assert.notEqual(hashContainer({ name: "main", image: "busybox:1.37" }), a);
  assert.notEqual(hashContainer({ name: "other", image: "busybox:1.36" }), a);
});

void test("an instance created from another image is changed; one without the annotation is not", () => {
  const c = { name: "main", image: "busybox:1.36" };
  assert.equal(containerChanged(c, makeInstance(c, "running")), false);
  assert.equal(containerChanged(c, makeInstance(c, "running", { image: "busybox:1.35" })), true);
  const bare = makeInstance(c, "running", { image: "busybox:1.35" });
  delete bare.annotations[ANNOTATION_CONTAINER_HASH];
  assert.equal(containerChanged(c, bare), false);
});
