import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../api/meta.ts";
import { isStatusError } from "../machinery/status-error.ts";
import { matchesFields, parseFieldSelector } from "./field-selector.ts";

const pod = { metadata: { name: "web", namespace: "default" }, spec: { nodeName: "pillion" }, status: { phase: "Running" } } as unknown as KubeObject;
const event = { metadata: { name: "e1", namespace: "default" }, involvedObject: { kind: "Pod", name: "web", namespace: "default", uid: "u1" } } as unknown as KubeObject;

const cases: { name: string; selector: string; resource: string; obj: KubeObject; want: boolean }[] = [
  { name: "metadata.name equals", selector: "metadata.name=web", resource: "pods", obj: pod, want: true },
  { name: "== is =", selector: "metadata.name==web", resource: "pods", obj: pod, want: true },
  { name: "describe node's pod query", selector: "spec.nodeName=pillion,status.phase!=Succeeded,status.phase!=Failed", resource: "pods", obj: pod, want: true },
  { name: "!= excludes", selector: "status.phase!=Running", resource: "pods", obj: pod, want: false },
  { name: "describe's event query, any order", selector: "involvedObject.uid=u1,involvedObject.name=web,involvedObject.namespace=default,involvedObject.kind=Pod", resource: "events", obj: event, want: true },
  { name: "empty value matches an unset field", selector: "involvedObject.fieldPath=", resource: "events", obj: event, want: true },
];

for (const c of cases) {
  test(`field selector: ${c.name}`, () => {
    assert.equal(matchesFields(parseFieldSelector(c.selector, "", c.resource), c.obj, "", c.resource), c.want);
  });
}

test("field selector: a field the resource does not index is a 400 with Kubernetes' text", () => {
  assert.throws(() => parseFieldSelector("spec.foo=bar", "", "pods"), (e) => isStatusError(e, "BadRequest") && e.message === "field label not supported: spec.foo");
});
