import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ConfigMap, Secret } from "../../api/core.ts";
import { FakeClock } from "../../machinery/fake-clock.ts";
import { fieldErrorMessage } from "../../machinery/field-errors.ts";
import { StatusError } from "../../machinery/status-error.ts";
import { SqliteStore } from "../../storage/sqlite-store.ts";
import { createInProcessClient } from "../in-process-client.ts";
import { validateConfigMap, validateConfigMapUpdate, validateSecret, validateSecretUpdate } from "../validation/configmap-secret-validation.ts";
import { base64ErrorOffset } from "./base64-data.ts";

const client = (): ReturnType<typeof createInProcessClient> =>
  createInProcessClient({ store: new SqliteStore({ path: ":memory:" }), clock: new FakeClock(), kubernetesMinor: 33, nodeName: "pillion" });

const rejection = async (p: Promise<unknown>): Promise<{ reason: string; message: string }> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof StatusError) return { reason: e.reason, message: e.message };
    throw e;
  }
  return { reason: "", message: "no error" };
};

void describe("Secret", () => {
  void it("defaults type Opaque and folds stringData into data, which it wins over", async () => {
    const s = await client().secrets.create({
      metadata: { name: "db" }, data: { user: "YWRtaW4=", pass: "b2xk" }, stringData: { pass: "s3cret", host: "db.local" },
    });
    assert.equal(s.type, "Opaque");
    assert.equal(s.stringData, undefined);
    assert.deepEqual(s.data, { user: "YWRtaW4=", pass: "czNjcmV0", host: "ZGIubG9jYWw=" });
  });

  void it("rejects data that is not base64 with the decoder's BadRequest", async () => {
    assert.deepEqual(await rejection(client().secrets.create({ metadata: { name: "db" }, data: { pass: "not base64!" } })), {
      reason: "BadRequest", message: 'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3',
    });
  });

  void it("finds the offset Go's decoder reports", () => {
    const cases: [string, number | undefined][] = [["YWRtaW4=", undefined], ["YQ==", undefined], ["abc", 0], ["abcde", 4], ["ab=c", 2], ["a$cd", 1], ["", undefined]];
    for (const [input, offset] of cases) assert.equal(base64ErrorOffset(input), offset, input);
  });

  void it("requires the keys of its type", () => {
    const tls: Secret = { metadata: { name: "cert", namespace: "default" }, type: "kubernetes.io/tls", data: { "tls.crt": "YQ==" } };
    assert.deepEqual(validateSecret(tls).map(fieldErrorMessage), ["data[tls.key]: Required value"]);
    const badKey: Secret = { metadata: { name: "x", namespace: "default" }, type: "Opaque", data: { "a b": "YQ==" } };
    assert.deepEqual(validateSecret(badKey).map(fieldErrorMessage), [
      "data[a b]: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
  });

  void it("keeps type and immutable data immutable", () => {
    const old: Secret = { metadata: { name: "x", namespace: "default" }, type: "Opaque", immutable: true, data: { a: "YQ==" } };
    const next: Secret = { ...structuredClone(old), type: "kubernetes.io/basic-auth", data: { username: "YQ==" } };
    assert.deepEqual(validateSecretUpdate(next, old).map(fieldErrorMessage), [
      'type: Invalid value: "kubernetes.io/basic-auth": field is immutable',
      "data: Forbidden: field is immutable when `immutable` is set",
    ]);
  });
});

void describe("ConfigMap", () => {
  void it("is stored as given, without generation or status", async () => {
    const cm = await client().configmaps.create({ metadata: { name: "cfg" }, data: { "app.conf": "x=1" } });
    assert.deepEqual([cm.data, cm.metadata.generation, (cm as ConfigMap & { status?: unknown }).status], [{ "app.conf": "x=1" }, undefined, undefined]);
  });

  void it("rejects a key in both data and binaryData, and changes to an immutable one", () => {
    const cm: ConfigMap = { metadata: { name: "cfg", namespace: "default" }, data: { a: "1" }, binaryData: { a: "YQ==" } };
    assert.deepEqual(validateConfigMap(cm).map(fieldErrorMessage), ['data[a]: Invalid value: "a": duplicate of key present in binaryData']);
    const old: ConfigMap = { metadata: { name: "cfg", namespace: "default" }, immutable: true, data: { a: "1" } };
    assert.deepEqual(validateConfigMapUpdate({ ...old, immutable: false, data: { a: "2" } }, old).map(fieldErrorMessage), [
      "immutable: Forbidden: field is immutable when `immutable` is set",
      "data: Forbidden: field is immutable when `immutable` is set",
    ]);
  });
});
