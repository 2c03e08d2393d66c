import { test } from "node:test";
import assert from "node:assert/strict";
import { negotiateOutput } from "./negotiation.ts";

const cases: { name: string; accept: string | undefined; query?: string; want: ReturnType<typeof negotiateOutput> }[] = [
  { name: "kubectl get asks for a v1 Table", accept: "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json", want: { as: "Table", version: "v1", includeObject: "Metadata" } },
  { name: "--sort-by asks for objects in rows", accept: "application/json;as=Table;v=v1;g=meta.k8s.io,application/json", query: "includeObject=Object", want: { as: "Table", version: "v1", includeObject: "Object" } },
  { name: "plain json", accept: "application/json", want: { as: "json" } },
  { name: "protobuf first still gets json", accept: "application/vnd.kubernetes.protobuf,application/json", want: { as: "json" } },
  { name: "*/* (client-node logs and watches)", accept: "*/*", want: { as: "json" } },
  { name: "no Accept", accept: undefined, want: { as: "json" } },
  { name: "metadata-only clients", accept: "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json", want: { as: "PartialObjectMetadata", version: "v1" } },
  { name: "an unknown as= falls through to json", accept: "application/json;as=Foo;v=v1;g=meta.k8s.io,application/json", want: { as: "json" } },
];

for (const c of cases) {
  test(`negotiateOutput: ${c.name}`, () => {
    assert.deepEqual(negotiateOutput(c.accept, new URLSearchParams(c.query ?? "")), c.want);
  });
}
