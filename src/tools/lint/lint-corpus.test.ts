// Table-driven over test/corpus: every manifest's findings equal its NAME.lint.json.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadCorpus, toExpected } from "../../../test/corpus/corpus.ts";
import { parseSourceFile } from "../yaml/source-file.ts";
import { lintSourceFile } from "./lint.ts";

const corpus = loadCorpus();

test("the corpus has at least 30 manifests, each with expected findings", () => {
  assert.ok(corpus.length >= 30, `only ${corpus.length} manifests`);
  for (const c of corpus) assert.ok(c.expectedFindings, `${c.name} has no .lint.json`);
});

test("the corpus covers clean manifests and every sidecar family the issue names", () => {
  assert.ok(corpus.filter((c) => c.expectedFindings?.length === 0).length >= 5);
  const all = corpus.map((c) => c.text).join("\n");
  for (const image of ["istio/proxyv2", "cloud-sql-proxy", "hashicorp/vault", "fluent-bit", "opentelemetry-collector", "linkerd/proxy", "datadoghq/agent", "envoyproxy/envoy"]) {
    assert.ok(all.includes(image), `no manifest uses ${image}`);
  }
});

for (const c of corpus) {
  test(`lint ${c.name}: findings match ${c.name}.lint.json`, () => {
    const file = parseSourceFile(c.file, c.text);
    assert.deepEqual(file.errors, []);
    assert.deepEqual(lintSourceFile(file, { options: c.options }).map(toExpected), c.expectedFindings);
  });
}
