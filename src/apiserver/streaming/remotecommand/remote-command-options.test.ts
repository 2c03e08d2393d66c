import assert from "node:assert/strict";
import { test } from "node:test";
import { isStatusError } from "../../../machinery/status-error.ts";
import { remoteCommandOptions } from "./remote-command-options.ts";
import { TerminalSizeDecoder } from "./terminal-size-decoder.ts";

const options: { name: string; query: string; want: ReturnType<typeof remoteCommandOptions> | string }[] = [
  { name: "kubectl exec: stdout and stderr", query: "command=ls&stdout=true&stderr=true", want: { stdin: false, stdout: true, stderr: true, tty: false } },
  { name: "kubectl exec -it: tty drops stderr", query: "stdin=true&stdout=true&stderr=true&tty=true", want: { stdin: true, stdout: true, stderr: false, tty: true } },
  { name: "the kubelet's own spelling 1 is true", query: "stdout=1", want: { stdin: false, stdout: true, stderr: false, tty: false } },
  { name: "an empty value is true (Convert_Slice_string_To_bool)", query: "stdin=", want: { stdin: true, stdout: false, stderr: false, tty: false } },
  { name: "0 and FALSE are false", query: "stdin=0&stdout=FALSE&stderr=yes", want: { stdin: false, stdout: false, stderr: true, tty: false } },
  { name: "no stream at all is refused with the kubelet's text", query: "command=ls&stdout=false", want: "you must specify at least 1 of stdin, stdout, stderr" },
  { name: "tty with only stderr leaves no stream: refused", query: "stderr=true&tty=true", want: "you must specify at least 1 of stdin, stdout, stderr" },
];

for (const c of options) {
  test(`stream options: ${c.name}`, () => {
    if (typeof c.want === "string") {
      assert.throws(() => remoteCommandOptions(new URLSearchParams(c.query)),
        (e: unknown) => isStatusError(e, "BadRequest") && e.code === 400 && e.message === c.want);
    } else {
      assert.deepEqual(remoteCommandOptions(new URLSearchParams(c.query)), c.want);
    }
  });
}

const sizes: { name: string; chunks: string[]; want: { width: number; height: number }[]; stopped: boolean }[] = [
  { name: "one object per message", chunks: ["{\"Width\":80,\"Height\":24}", "{\"Width\":100,\"Height\":40}"], want: [{ width: 80, height: 24 }, { width: 100, height: 40 }], stopped: false },
  { name: "an object cut across messages", chunks: ["{\"Wid", "th\":120,", "\"Height\":30}"], want: [{ width: 120, height: 30 }], stopped: false },
  { name: "two objects in one chunk, whitespace between", chunks: ["{\"Width\":1,\"Height\":2}\n {\"Width\":3,\"Height\":4}"], want: [{ width: 1, height: 2 }, { width: 3, height: 4 }], stopped: false },
  { name: "names match without case, unknown fields are ignored, a missing one is 0", chunks: ["{\"width\":5,\"x\":\"}\",\"HEIGHT\":6}{\"Height\":7}"], want: [{ width: 5, height: 6 }, { width: 0, height: 7 }], stopped: false },
  { name: "a value that is no uint16 stops the decoder for good", chunks: ["{\"Width\":-1,\"Height\":2}", "{\"Width\":1,\"Height\":2}"], want: [], stopped: true },
  { name: "garbage stops the decoder", chunks: ["{\"Width\":1,\"Height\":2}x{\"Width\":3,\"Height\":4}"], want: [{ width: 1, height: 2 }], stopped: true },
];

for (const c of sizes) {
  test(`resize decoding: ${c.name}`, () => {
    const d = new TerminalSizeDecoder();
    const got = c.chunks.flatMap((s) => d.push(Buffer.from(s)));
    assert.deepEqual(got, c.want);
    assert.equal(d.stopped, c.stopped);
  });
}
