import { test } from "node:test";
import assert from "node:assert/strict";
import { encodeFrame, SpdyFrameParser, SpdyProtocolError, type SpdyFrame } from "./spdy-frames.ts";

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ""), "hex");

// Wire bytes written out by hand from the SPDY/3 layouts (spdystream's spdy/write.go).
const cases: Array<{ name: string; frame: SpdyFrame; wire: string }> = [
  { name: "DATA with FIN", frame: { type: "DATA", streamId: 3, flags: 1, data: Buffer.from("hi") }, wire: "00000003 01000002 6869" },
  { name: "empty DATA with FIN (a half-close)", frame: { type: "DATA", streamId: 0x7fffffff, flags: 1, data: new Uint8Array(0) }, wire: "7fffffff 01000000" },
  {
    name: "SYN_STREAM with priority, slot and a header block",
    frame: { type: "SYN_STREAM", streamId: 5, associatedStreamId: 0, priority: 7, slot: 0, flags: 0, headerBlock: hex("aabb") },
    wire: "80030001 0000000c 00000005 00000000 e000 aabb",
  },
  { name: "SYN_REPLY", frame: { type: "SYN_REPLY", streamId: 1, flags: 0, headerBlock: hex("01") }, wire: "80030002 00000005 00000001 01" },
  { name: "RST_STREAM CANCEL", frame: { type: "RST_STREAM", streamId: 9, statusCode: 5 }, wire: "80030003 00000008 00000009 00000005" },
  {
    name: "SETTINGS with one entry",
    frame: { type: "SETTINGS", flags: 0, entries: [{ flags: 1, id: 7, value: 65536 }] },
    wire: "80030004 0000000c 00000001 01000007 00010000",
  },
  { name: "PING", frame: { type: "PING", id: 0xfffffffe }, wire: "80030006 00000004 fffffffe" },
  { name: "GOAWAY", frame: { type: "GOAWAY", lastGoodStreamId: 11, statusCode: 1 }, wire: "80030007 00000008 0000000b 00000001" },
  { name: "HEADERS with FIN", frame: { type: "HEADERS", streamId: 3, flags: 1, headerBlock: hex("ff") }, wire: "80030008 01000005 00000003 ff" },
  { name: "WINDOW_UPDATE", frame: { type: "WINDOW_UPDATE", streamId: 1, deltaWindowSize: 1024 }, wire: "80030009 00000008 00000001 00000400" },
  { name: "an unknown control type is kept, not refused", frame: { type: "UNKNOWN", controlType: 10, flags: 0, payload: hex("0102") }, wire: "8003000a 00000002 0102" },
];

for (const c of cases) {
  test(`frames: ${c.name} encodes to its wire bytes and decodes back`, () => {
    const wire = hex(c.wire);
    assert.deepEqual(encodeFrame(c.frame), wire);
    const frames = new SpdyFrameParser().push(wire);
    assert.equal(frames.length, 1);
    assert.deepEqual(normalize(frames[0]), normalize(c.frame));
  });
}

/** Buffers and Uint8Arrays compare by content. */
function normalize(f: SpdyFrame | undefined): unknown {
  return Object.fromEntries(Object.entries(f ?? {}).map(([k, v]) => [k, v instanceof Uint8Array ? Buffer.from(v).toString("hex") : v]));
}

test("frames: the parser takes the stream in slices of any size, down to one byte", () => {
  const all = Buffer.concat(cases.map((c) => hex(c.wire)));
  for (const size of [1, 3, 7, 8, 13, all.length]) {
    const parser = new SpdyFrameParser();
    const got: SpdyFrame[] = [];
    for (let at = 0; at < all.length; at += size) got.push(...parser.push(all.subarray(at, at + size)));
    assert.deepEqual(got.map(normalize), cases.map((c) => normalize(c.frame)), `slices of ${size}`);
    assert.equal(parser.bufferedBytes, 0);
  }
});

test("frames: a large DATA frame arriving in many reads comes out whole", () => {
  const data = Buffer.alloc(300_000, 7);
  const wire = encodeFrame({ type: "DATA", streamId: 1, flags: 0, data });
  const parser = new SpdyFrameParser();
  const got: SpdyFrame[] = [];
  for (let at = 0; at < wire.length; at += 65536) got.push(...parser.push(wire.subarray(at, at + 65536)));
  assert.equal(got.length, 1);
  assert.ok(got[0]?.type === "DATA" && Buffer.from(got[0].data).equals(data));
});

test("frames: a control frame of another SPDY version is a protocol error", () => {
  assert.throws(() => new SpdyFrameParser().push(hex("80020006 00000004 00000001")), SpdyProtocolError);
});

test("frames: a control frame too short for its type is a protocol error", () => {
  assert.throws(() => new SpdyFrameParser().push(hex("80030003 00000004 00000001")), /RST_STREAM frame too short/);
});
