import { test } from "node:test";
import assert from "node:assert/strict";
import { checkPortForwardStream, checkWebSocketPorts, goQuote } from "./port-forward-options.ts";

test("options: SPDY stream headers are checked as kubelet httpStreamReceived does", () => {
  const cases: Array<[string, Record<string, string>, unknown]> = [
    ["a data stream", { port: "8080", streamtype: "data" }, { port: 8080, streamType: "data" }],
    ["an error stream, leading zeros allowed", { port: "080", streamtype: "error" }, { port: 80, streamType: "error" }],
    ["no port", { streamtype: "data" }, { error: `"port" header is required` }],
    ["a name, not a number", { port: "http", streamtype: "data" }, { error: `unable to parse "http" as a port: strconv.ParseUint: parsing "http": invalid syntax` }],
    ["a sign", { port: "-1", streamtype: "data" }, { error: `unable to parse "-1" as a port: strconv.ParseUint: parsing "-1": invalid syntax` }],
    ["over 16 bits", { port: "65536", streamtype: "data" }, { error: `unable to parse "65536" as a port: strconv.ParseUint: parsing "65536": value out of range` }],
    ["zero", { port: "0", streamtype: "data" }, { error: `port "0" must be > 0` }],
    ["no stream type", { port: "80" }, { error: `"streamType" header is required` }],
    ["an unknown stream type", { port: "80", streamtype: "stdin" }, { error: `invalid stream type "stdin"` }],
  ];
  for (const [name, headers, want] of cases) assert.deepEqual(checkPortForwardStream(headers), want, name);
});

test("options: WebSocket ports go through the API server's conversion, then the kubelet's checks", () => {
  const cases: Array<[string, string, unknown]> = [
    ["one port", "ports=8080", { ports: [8080] }],
    ["a comma list and a repeat", "ports=80,443&ports=8080", { ports: [80, 443, 8080] }],
    ["no ports", "", { error: `query parameter "port" is required` }],
    ["an empty value", "ports=", { error: `cannot convert to []int32: strconv.ParseUint: parsing "": invalid syntax` }],
    ["a bad entry in a list", "ports=80,x", { error: `cannot convert to []int32: strconv.ParseUint: parsing "x": invalid syntax` }],
    ["zero", "ports=0", { error: `port "0" must be > 0` }],
  ];
  for (const [name, query, want] of cases) assert.deepEqual(checkWebSocketPorts(new URLSearchParams(query)), want, name);
});

test("options: goQuote escapes as Go's %q does for ASCII", () => {
  assert.equal(goQuote(`a"b\\c\n\x01`), `"a\\"b\\\\c\\n\\x01"`);
});
