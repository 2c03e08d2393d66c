import { test } from "node:test";
import assert from "node:assert/strict";
import { parseRequestInfo } from "./request-info.ts";

const cases: { name: string; method: string; url: string; want: ReturnType<typeof parseRequestInfo> }[] = [
  { name: "namespaced list", method: "GET", url: "/api/v1/namespaces/default/pods?limit=500", want: { group: "", version: "v1", namespace: "default", resource: "pods", name: "", subresource: "", verb: "list" } },
  { name: "all-namespaces list", method: "GET", url: "/api/v1/pods", want: { group: "", version: "v1", namespace: "", resource: "pods", name: "", subresource: "", verb: "list" } },
  { name: "get in a group", method: "GET", url: "/apis/batch/v1/namespaces/ns1/jobs/pi", want: { group: "batch", version: "v1", namespace: "ns1", resource: "jobs", name: "pi", subresource: "", verb: "get" } },
  { name: "watch by query", method: "GET", url: "/api/v1/namespaces/default/pods?watch=true", want: { group: "", version: "v1", namespace: "default", resource: "pods", name: "", subresource: "", verb: "watch" } },
  { name: "legacy watch path", method: "GET", url: "/api/v1/watch/namespaces/default/pods", want: { group: "", version: "v1", namespace: "default", resource: "pods", name: "", subresource: "", verb: "watch" } },
  { name: "subresource", method: "GET", url: "/api/v1/namespaces/default/pods/web/log", want: { group: "", version: "v1", namespace: "default", resource: "pods", name: "web", subresource: "log", verb: "get" } },
  { name: "the namespace object", method: "GET", url: "/api/v1/namespaces/kube-system", want: { group: "", version: "v1", namespace: "", resource: "namespaces", name: "kube-system", subresource: "", verb: "get" } },
  { name: "namespace status is its subresource", method: "PUT", url: "/api/v1/namespaces/ns1/status", want: { group: "", version: "v1", namespace: "", resource: "namespaces", name: "ns1", subresource: "status", verb: "update" } },
  { name: "DELETE without name is deletecollection", method: "DELETE", url: "/api/v1/namespaces/default/pods", want: { group: "", version: "v1", namespace: "default", resource: "pods", name: "", subresource: "", verb: "deletecollection" } },
  { name: "cluster-scoped get", method: "GET", url: "/api/v1/nodes/pillion", want: { group: "", version: "v1", namespace: "", resource: "nodes", name: "pillion", subresource: "", verb: "get" } },
  { name: "not a resource path", method: "GET", url: "/apis/batch", want: undefined },
];

for (const c of cases) {
  test(`parseRequestInfo: ${c.name}`, () => {
    const u = new URL(c.url, "https://x");
    assert.deepEqual(parseRequestInfo(c.method, u.pathname, u.searchParams), c.want);
  });
}
