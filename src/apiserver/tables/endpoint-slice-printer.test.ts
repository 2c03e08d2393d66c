import { test } from "node:test";
import assert from "node:assert/strict";
import { printerFor } from "./printer-for.ts";

const NOW = Date.parse("2025-06-01T12:00:00Z");
const ep = (...addresses: string[]): { addresses: string[] } => ({ addresses });

const cases: { name: string; obj: Record<string, unknown>; cells: string[] }[] = [
  {
    name: "a slice of one endpoint and a named port",
    obj: { addressType: "IPv4", ports: [{ name: "http", protocol: "TCP", port: 8080 }], endpoints: [ep("127.0.0.1")] },
    cells: ["web-abcde", "IPv4", "8080", "127.0.0.1", "5m"],
  },
  {
    name: "the placeholder slice prints <unset> twice",
    obj: { addressType: "IPv4", ports: [], endpoints: [] },
    cells: ["web-abcde", "IPv4", "<unset>", "<unset>", "5m"],
  },
  {
    name: "null ports and endpoints (Go's nil slices) print <unset>",
    obj: { addressType: "IPv4", ports: null, endpoints: null },
    cells: ["web-abcde", "IPv4", "<unset>", "<unset>", "5m"],
  },
  {
    name: "more than three addresses and ports are cut with + N more...",
    obj: {
      addressType: "IPv4",
      ports: [{ port: 1 }, { name: "named" }, {}, { port: 4 }, { port: 5 }],
      endpoints: [ep("10.0.0.1", "10.0.0.2"), ep("10.0.0.3"), ep("10.0.0.4")],
    },
    cells: ["web-abcde", "IPv4", "1,named,* + 2 more...", "10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...", "5m"],
  },
];

for (const c of cases) {
  void test(`kubectl get endpointslices: ${c.name}`, () => {
    const printer = printerFor("discovery.k8s.io", "EndpointSlice");
    assert.ok(printer);
    assert.deepEqual(printer.columns.map((col) => col.name), ["Name", "AddressType", "Ports", "Endpoints", "Age"]);
    const obj = { metadata: { name: "web-abcde", creationTimestamp: new Date(NOW - 300_000).toISOString() }, ...c.obj };
    assert.deepEqual(printer.rows(obj, NOW)[0]?.cells, c.cells);
  });
}
