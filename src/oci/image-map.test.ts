import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseImageMap } from "./image-map-file.ts";
import { computeProcessArgs, resolveImage } from "./image-resolver.ts";

const opts = { fileName: "map.yaml", baseDir: "/repo/examples", nodePath: "/opt/n/bin/node" };

void describe("parseImageMap", () => {
  void it("resolves bind sources against the map's directory and {node} to the running Node", () => {
    const map = parseImageMap(`
k8spatterns/batch-job:1.0:
  entrypoint: [/opt/node/bin/node, /app/batch-job.ts]
  binds:
  - { source: "{node}", destination: /opt/node/bin/node }
  - { source: batch-adapter, destination: /app }
  - { source: ../node_modules, destination: /node_modules }
  - { source: /abs/dir, destination: /abs }
`, opts);
    assert.deepEqual(map, {
      "k8spatterns/batch-job:1.0": {
        entrypoint: ["/opt/node/bin/node", "/app/batch-job.ts"],
        binds: [
          { source: "/opt/n/bin/node", destination: "/opt/node/bin/node" },
          { source: "/repo/examples/batch-adapter", destination: "/app" },
          { source: "/repo/node_modules", destination: "/node_modules" },
          { source: "/abs/dir", destination: "/abs" },
        ],
      },
    });
  });

  void it("reads JSON, a relative rootfs, cmd and the older command key", () => {
    const map = parseImageMap('{"a:1": {"rootfs": "roots/a", "cmd": ["serve"]}, "b": {"hostImage": true, "command": ["b"]}}', opts);
    assert.deepEqual(map, { "a:1": { rootfs: "/repo/examples/roots/a", cmd: ["serve"] }, b: { hostImage: true, command: ["b"] } });
  });

  void it("an empty file is an empty map", () => assert.deepEqual(parseImageMap("# nothing\n", opts), {}));

  const errors: [string, string][] = [
    ["[a, b]", "image map map.yaml: (top level): must be a mapping from image names to entries"],
    ["x: 3", 'image map map.yaml: "x": must be a mapping'],
    ["x: { entrypiont: [a] }", 'image map map.yaml: "x".entrypiont: unknown field (known: rootfs, entrypoint, command, cmd, hostImage, binds)'],
    ["x: { entrypoint: node }", 'image map map.yaml: "x".entrypoint: must be a list of strings'],
    ["x: { hostImage: yes please }", 'image map map.yaml: "x".hostImage: must be true or false'],
    ["x: { binds: [{ source: a, destination: app }] }", 'image map map.yaml: "x".binds[0].destination: must be an absolute path'],
    ["x: { binds: [{ source: '', destination: /app }] }", 'image map map.yaml: "x".binds[0].source: must be a non-empty string'],
    ["x: { binds: [{ source: a, destination: /a, mode: rw }] }", 'image map map.yaml: "x".binds[0].mode: unknown field'],
    ["x: [", "image map map.yaml: "],
  ];
  for (const [text, message] of errors) {
    void it(`refuses ${JSON.stringify(text)}`, () => assert.throws(() => parseImageMap(text, opts), (e: unknown) => e instanceof Error && e.message.startsWith(message)));
  }

  void it("the examples' map parses and names the seed images", () => {
    const file = fileURLToPath(new URL("../../examples/image-map.yaml", import.meta.url));
    const map = parseImageMap(readFileSync(file, "utf8"), { ...opts, fileName: file });
    assert.ok(map["k8spatterns/metrics-adapter:1.0"]?.binds?.some((b) => b.source === opts.nodePath));
    assert.ok(map["k8spatterns/batch-job:1.0"]?.binds?.some((b) => b.destination === "/app" && b.source.endsWith("/examples/batch-adapter")));
  });
});

void describe("resolveImage with a mapped entrypoint, cmd and binds", () => {
  const map = {
    "k8spatterns/job:1.0": { hostImage: true, entrypoint: ["node", "/app/job.ts"], cmd: ["--items=50"], binds: [{ source: "/h/app", destination: "/app" }] },
    "old:1": { command: ["old"], entrypoint: ["new"] },
  };
  const job = resolveImage("docker.io/k8spatterns/job:1.0", map, false);

  void it("runs on the host image with the entry's binds", () => {
    assert.equal(job.kind, "host");
    assert.deepEqual(job.kind === "host" ? job.binds : undefined, [{ source: "/h/app", destination: "/app" }]);
  });
  const args: [string, string[], string[], string[]][] = [
    ["neither: entrypoint + cmd", [], [], ["node", "/app/job.ts", "--items=50"]],
    ["args replace cmd", [], ["--items=5"], ["node", "/app/job.ts", "--items=5"]],
    ["command replaces entrypoint and cmd", ["sh"], [], ["sh"]],
    ["command and args", ["sh", "-c"], ["echo"], ["sh", "-c", "echo"]],
  ];
  for (const [name, command, podArgs, want] of args) {
    void it(`Kubernetes semantics, ${name}`, () => assert.deepEqual(computeProcessArgs(job, command, podArgs), want));
  }
  void it("entrypoint wins over the older command key", () => assert.deepEqual(resolveImage("old:1", map, false).entrypoint, ["new"]));
  void it("an entry without binds resolves without them", () => {
    const r = resolveImage("old:1", map, false);
    assert.equal(r.kind === "host" ? r.binds : "not host", undefined);
  });
});
