import { test } from "node:test";
import assert from "node:assert/strict";
import { constants, createInflate, deflateSync, inflateSync } from "node:zlib";
import { SPDY3_DICTIONARY } from "./spdy-dictionary.ts";
import { encodeHeaderBlock, parseHeaderBlock, SpdyHeaderDecoder, SpdyHeaderEncoder } from "./spdy-headers.ts";
import { HeaderDeflater } from "./test-support/header-deflater.ts";

test("headers: the SPDY/3 dictionary is spdystream's, 1423 bytes with zlib id 0xe3c6a7c2", () => {
  assert.equal(SPDY3_DICTIONARY.length, 1423);
  // zlib writes the dictionary's Adler-32 (DICTID) after its 2-byte header
  assert.equal(deflateSync(Buffer.from("x"), { dictionary: SPDY3_DICTIONARY }).readUInt32BE(2), 0xe3c6a7c2);
});

test("headers: the uncompressed block is a count then length-prefixed lower-case names and values", () => {
  assert.deepEqual(encodeHeaderBlock({ Port: "80" }), Buffer.from("00000001 00000004 706f7274 00000002 3830".replace(/ /g, ""), "hex"));
  assert.deepEqual(parseHeaderBlock(encodeHeaderBlock({ a: "1", b: "" })), { headers: { a: "1", b: "" }, consumed: 23 });
});

test("headers: parsing follows http.Header.Get: first value of a NUL list, first of repeated names", () => {
  const block = Buffer.concat([
    Buffer.from("00000002", "hex"),
    encodeHeaderBlock({ x: "one\0two" }).subarray(4),
    encodeHeaderBlock({ X: "three" }).subarray(4),
  ]);
  assert.deepEqual(parseHeaderBlock(block)?.headers, { x: "one" });
  assert.equal(parseHeaderBlock(block.subarray(0, block.length - 1)), undefined, "an incomplete block is not a block");
});

test("headers: blocks from a real zlib deflater with the dictionary decode in order through one context", async () => {
  const deflater = new HeaderDeflater();
  const decoder = new SpdyHeaderDecoder();
  const blocks = [
    { streamtype: "error", port: "8080", requestid: "0" },
    { streamtype: "data", port: "8080", requestid: "0" },
    { streamtype: "error", port: "8080", requestid: "1" },
    {},
    { "x-long": "y".repeat(100_000) },
  ];
  const compressed = [];
  for (const h of blocks) compressed.push(await deflater.compress(encodeHeaderBlock(h)));
  // the second block refers back into the first: only a context kept across blocks decodes it
  assert.ok((compressed[1]?.length ?? 0) < (compressed[0]?.length ?? 0));
  for (const [i, c] of compressed.entries()) assert.deepEqual(await decoder.decode(c), blocks[i]);
  deflater.close();
  decoder.close();
});

test("headers: a corrupt block fails the decoder, and every later decode", async () => {
  const decoder = new SpdyHeaderDecoder();
  await assert.rejects(decoder.decode(Buffer.from("78bb00000000ffffff", "hex")), /header block/);
  await assert.rejects(decoder.decode(Buffer.from("00", "hex")), /header block/);
  decoder.close();
});

test("headers: our blocks decode with node:zlib inflate and the dictionary, each one complete at its flush", async () => {
  const encoder = new SpdyHeaderEncoder();
  const first = encoder.encode({});
  const second = encoder.encode({ streamtype: "data", big: "z".repeat(70_000) });
  assert.deepEqual(first.subarray(0, 2), Buffer.from("7801", "hex"), "the zlib header comes once");
  assert.deepEqual(first.subarray(first.length - 5), Buffer.from("000000ffff", "hex"), "each block ends with an empty stored block");
  assert.deepEqual(second.subarray(0, 1), Buffer.from("00", "hex"));

  // As Go's flate reader does: everything up to a flush point must come out without more input.
  const inflate = createInflate({ dictionary: SPDY3_DICTIONARY });
  const out: Buffer[] = [];
  inflate.on("data", (c: Buffer) => out.push(c));
  const flushed = async (bytes: Buffer): Promise<Buffer> => {
    inflate.write(bytes);
    await new Promise<void>((resolve) => inflate.flush(constants.Z_SYNC_FLUSH, () => resolve()));
    // eslint-disable-next-line no-restricted-globals -- a test may yield to the event loop
    await new Promise<void>((resolve) => setImmediate(resolve));
    return Buffer.concat(out.splice(0));
  };
  assert.deepEqual(parseHeaderBlock(await flushed(first))?.headers, {});
  assert.deepEqual(parseHeaderBlock(await flushed(second))?.headers, { streamtype: "data", big: "z".repeat(70_000) });
  inflate.destroy();

  // and the whole stream with inflateSync, finishing at a sync flush
  const all = inflateSync(Buffer.concat([first, second]), { dictionary: SPDY3_DICTIONARY, finishFlush: constants.Z_SYNC_FLUSH });
  assert.equal(parseHeaderBlock(all)?.consumed, 4);
});

test("headers: our encoder round-trips through our decoder", async () => {
  const encoder = new SpdyHeaderEncoder();
  const decoder = new SpdyHeaderDecoder();
  for (const h of [{}, { a: "b" }, { streamtype: "error", port: "1" }]) assert.deepEqual(await decoder.decode(encoder.encode(h)), h);
  decoder.close();
});
