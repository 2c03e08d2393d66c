import { test } from "node:test";
import assert from "node:assert/strict";
import { makeFixture } from "./test-support/api-fixture.ts";

test("a request without the bearer token is a 401 Unauthorized Status", async () => {
  const f = makeFixture();
  const r = await f.json("/api/v1/namespaces/default/pods", { token: null });
  assert.equal(r.status, 401);
  assert.deepEqual(r.body, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "Unauthorized", reason: "Unauthorized", code: 401 });
  assert.equal((await f.json("/api/v1/namespaces/default/pods", { token: "wrong" })).status, 401);
});

test("/version and the health checks need no token; /version reports the emulated version", async () => {
  const f = makeFixture();
  const v = await f.json("/version", { token: null });
  assert.equal(v.body.minor, "33");
  assert.equal(v.body.gitVersion, "v1.33.0");
  for (const p of ["/livez", "/readyz", "/healthz"]) assert.equal((await f.call(p, { token: null })).status, 200);
});

test("aggregated discovery answers with the exact content type kubectl requires", async () => {
  const f = makeFixture();
  const accept = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
  const core = await f.json("/api", { accept });
  assert.equal(core.headers["content-type"], "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
  const items = core.body.items as { metadata: { name: string }; versions: { resources: { resource: string; shortNames?: string[]; subresources?: { subresource: string }[] }[] }[] }[];
  assert.equal(items.length, 1);
  const pods = items[0]?.versions[0]?.resources.find((r) => r.resource === "pods");
  assert.deepEqual(pods?.shortNames, ["po"]);
  assert.ok(pods?.subresources?.some((s) => s.subresource === "log"));
  const groups = await f.json("/apis", { accept });
  assert.deepEqual((groups.body.items as { metadata: { name: string } }[]).map((i) => i.metadata.name).sort(), ["apps", "batch", "discovery.k8s.io", "events.k8s.io"]);
});

test("legacy discovery: APIVersions, APIGroupList and APIResourceList with subresources as entries", async () => {
  const f = makeFixture();
  assert.deepEqual((await f.json("/api")).body.versions, ["v1"]);
  assert.equal((await f.json("/apis")).body.kind, "APIGroupList");
  const batch = await f.json("/apis/batch/v1");
  const names = (batch.body.resources as { name: string }[]).map((r) => r.name);
  assert.ok(names.includes("jobs") && names.includes("jobs/status") && names.includes("cronjobs"));
  assert.equal((await f.json("/apis/nope/v1")).status, 404);
});

test("/openapi/v3 lists each group-version; its document has the patch operation with fieldValidation per kind", async () => {
  const f = makeFixture();
  const root = await f.json("/openapi/v3");
  const paths = root.body.paths as Record<string, { serverRelativeURL: string }>;
  assert.match(paths["apis/batch/v1"]?.serverRelativeURL ?? "", /^\/openapi\/v3\/apis\/batch\/v1\?hash=[0-9A-F]+$/);
  const doc = await f.json("/openapi/v3/apis/batch/v1");
  const op = (doc.body.paths as Record<string, { patch?: { "x-kubernetes-group-version-kind": unknown; parameters: { name: string }[] } }>)["/apis/batch/v1/namespaces/{namespace}/jobs/{name}"]?.patch;
  assert.deepEqual(op?.["x-kubernetes-group-version-kind"], { group: "batch", version: "v1", kind: "Job" });
  assert.ok(op?.parameters.some((p) => p.name === "fieldValidation"));
});

test("an unknown path is a 404 NotFound Status", async () => {
  const f = makeFixture();
  const r = await f.json("/api/v1/namespaces/default/widgets");
  assert.equal(r.status, 404);
  assert.equal(r.body.message, "the server could not find the requested resource");
});
