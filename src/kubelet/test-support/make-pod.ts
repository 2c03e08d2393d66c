// Test fixtures: pods, and containers running on the real FakeRuntime (src/runtime/fake-runtime.ts).
import type { Container, Pod, PodSpec } from "../../api/core.ts";
import type { FakeProgram } from "../../runtime/fake-program.ts";
import type { FakeRuntime } from "../../runtime/fake-runtime.ts";
import type { ContainerConfig, RuntimeContainer } from "../../runtime/runtime.ts";

/** A pod named "web" in "default", uid "uid-1", with these containers (and spec fields). */
export function makePod(spec: Partial<PodSpec> & { containers: Container[] }, meta: Partial<Pod["metadata"]> = {}): Pod {
  return {
    apiVersion: "v1", kind: "Pod",
    metadata: { name: "web", namespace: "default", uid: "uid-1", ...meta },
    spec: { restartPolicy: "Always", terminationGracePeriodSeconds: 30, ...spec },
  };
}

/** A sandbox for the pod on the fake runtime. */
export async function makeSandbox(runtime: FakeRuntime, pod: Pod): Promise<string> {
  const sandbox = await runtime.runPodSandbox({
    podUid: pod.metadata.uid ?? "", name: pod.metadata.name ?? "", namespace: pod.metadata.namespace ?? "",
    hostname: pod.metadata.name ?? "", labels: {}, annotations: {}, volumes: [],
  });
  return sandbox.id;
}

let images = 0;

/** Creates and starts a container running program in the sandbox; returns its status. */
export async function runContainer(runtime: FakeRuntime, sandboxId: string, name: string, program: FakeProgram = {}, options: { start?: boolean } = {}): Promise<RuntimeContainer> {
  const image = `test/${name}:${++images}`;
  runtime.programs.set(image, program);
  const config: ContainerConfig = {
    name, attempt: 0, image, command: [], args: [], env: [], mounts: [], resources: {}, security: {},
    stdin: false, stdinOnce: false, tty: false, labels: {}, annotations: {},
  };
  const created = await runtime.createContainer(sandboxId, config);
  if (options.start === false) return created;
  await runtime.startContainer(created.id);
  return runtime.containerStatus(created.id);
}
