import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Endpoint, EndpointSlice } from "../../api/discovery.ts";
import { packEndpoints } from "./pack-endpoints.ts";

const ep = (name: string): Endpoint => ({ addresses: ["127.0.0.1"], targetRef: { kind: "Pod", namespace: "default", name, uid: `u-${name}` } });
const slice = (name: string, pods: string[]): EndpointSlice => ({ metadata: { name }, addressType: "IPv4", endpoints: pods.map(ep) });
const names = (pods: string): Endpoint[] => (pods ? pods.split(",").map(ep) : []);

void describe("packEndpoints (max 3 a slice)", () => {
  const cases: { name: string; stored: EndpointSlice[]; desired: string; want: [string | undefined, string][] }[] = [
    { name: "nothing stored: new slices of at most max", stored: [], desired: "a,b,c,d", want: [[undefined, "a,b,c"], [undefined, "d"]] },
    { name: "nothing stored, nothing desired: one placeholder to create", stored: [], desired: "", want: [[undefined, ""]] },
    {
      name: "an endpoint stays in the slice that holds it, whatever the slices' names",
      stored: [slice("web-zzzzz", ["a", "b", "c"]), slice("web-bbbbb", ["d"])], desired: "a,b,c,d",
      want: [["web-zzzzz", "a,b,c"], ["web-bbbbb", "d"]],
    },
    {
      name: "a new endpoint fills a stored slice with room before a new slice",
      stored: [slice("s1", ["a", "b", "c"]), slice("s2", ["d"])], desired: "a,b,c,d,e",
      want: [["s1", "a,b,c"], ["s2", "d,e"]],
    },
    {
      name: "a slice emptied by a removal is dropped",
      stored: [slice("s1", ["a", "b", "c"]), slice("s2", ["d"])], desired: "a,b,c",
      want: [["s1", "a,b,c"]],
    },
    {
      name: "when nothing is desired the first stored slice stays as the placeholder",
      stored: [slice("s1", ["a"]), slice("s2", ["b"])], desired: "",
      want: [["s1", ""]],
    },
    {
      name: "endpoints are ordered by pod name within a slice",
      stored: [slice("s1", ["c", "a"])], desired: "a,b,c",
      want: [["s1", "a,b,c"]],
    },
  ];
  for (const c of cases) {
    void it(c.name, () => {
      const got = packEndpoints(c.stored, names(c.desired), 3);
      assert.deepEqual(got.map((p) => [p.slice?.metadata.name, p.endpoints.map((e) => e.targetRef?.name).join(",")]), c.want);
    });
  }
});
