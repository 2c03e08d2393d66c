import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { stringify } from "yaml";
import { connectionFromKubeconfig, kubeconfigPath } from "./kubeconfig-connection.ts";

const b64 = (s: string): string => Buffer.from(s).toString("base64");
const config = stringify({
  apiVersion: "v1", kind: "Config", "current-context": "pillion",
  clusters: [
    { name: "pillion", cluster: { server: "https://127.0.0.1:6443/", "certificate-authority-data": b64("CA PEM") } },
    { name: "files", cluster: { server: "https://k.example:443", "certificate-authority": "pki/ca.crt" } },
    { name: "lab", cluster: { server: "https://lab:6443", "insecure-skip-tls-verify": true } },
  ],
  users: [
    { name: "pillion", user: { token: "t0k" } },
    { name: "certs", user: { "client-certificate-data": b64("CERT"), "client-key": "/abs/key.pem" } },
  ],
  contexts: [
    { name: "pillion", context: { cluster: "pillion", user: "pillion" } },
    { name: "files", context: { cluster: "files", user: "certs", namespace: "team" } },
    { name: "lab", context: { cluster: "lab" } },
    { name: "broken", context: { cluster: "nowhere", user: "pillion" } },
  ],
});
const files: Record<string, string> = { "/home/u/.kube/pki/ca.crt": "FILE CA", "/abs/key.pem": "KEY" };
const readFile = (p: string): string => {
  const f = files[p];
  if (f === undefined) throw new Error(`ENOENT ${p}`);
  return f;
};
const connect = (context?: string) => connectionFromKubeconfig({ text: config, baseDir: "/home/u/.kube", readFile, ...(context ? { context } : {}) });

describe("connectionFromKubeconfig", () => {
  test("the current context: server without trailing slash, CA from -data, bearer token", () => {
    assert.deepEqual(connect(), { server: "https://127.0.0.1:6443", ca: "CA PEM", token: "t0k", insecureSkipTlsVerify: false, context: "pillion" });
  });
  test("--context: CA file relative to the kubeconfig, client certificate and key, the context's namespace", () => {
    assert.deepEqual(connect("files"), { server: "https://k.example:443", ca: "FILE CA", clientCert: "CERT", clientKey: "KEY", namespace: "team", insecureSkipTlsVerify: false, context: "files" });
  });
  test("insecure-skip-tls-verify, no user", () => {
    assert.deepEqual(connect("lab"), { server: "https://lab:6443", insecureSkipTlsVerify: true, context: "lab" });
  });
  test("a context or cluster that is not there is an error naming it", () => {
    assert.throws(() => connect("nope"), /context "nope" not found in the kubeconfig/);
    assert.throws(() => connect("broken"), /cluster "nowhere" not found in the kubeconfig/);
    assert.throws(() => connectionFromKubeconfig({ text: "", baseDir: "/", readFile }), /no current-context/);
  });
});

describe("kubeconfigPath", () => {
  const exists = (p: string): boolean => p === "/b";
  const cases: [string, Parameters<typeof kubeconfigPath>[0], string][] = [
    ["--kubeconfig wins", { flag: "/f", env: "/b", home: "/h", exists }, "/f"],
    ["the first existing file of $KUBECONFIG", { env: "/a:/b", home: "/h", exists }, "/b"],
    ["else ~/.kube/config", { env: "/a", home: "/h", exists }, "/h/.kube/config"],
  ];
  for (const [name, input, want] of cases) test(name, () => assert.equal(kubeconfigPath(input), want));
});
