// The container hash the kubelet stores on every container it creates
// (annotation io.kubernetes.container.hash) and compares on every sync to see whether the
// spec changed. Mirrors kubecontainer.HashContainer (pkg/kubelet/container/helpers.go): since
// 1.31 it covers only `name` and `image`, the only container fields a pod update may change.
//
// Deliberate difference: Kubernetes feeds the JSON through hashutil.DeepHashObject (a spew
// dump) before FNV-32a, so its numbers differ from ours. Only pillion reads these hashes, so
// what matters is the contract: same name+image → same hash, any change → another hash.
import type { Container } from "../api/core.ts";
import type { RuntimeContainer } from "../runtime/runtime.ts";
import { ANNOTATION_CONTAINER_HASH } from "../runtime/runtime.ts";

/** FNV-32a over `{"image":…,"name":…}` (Go marshals map keys sorted), as lower-case hex. */
export function hashContainer(c: Container): string {
  const json = JSON.stringify({ image: c.image ?? "", name: c.name });
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(json)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16);
}

/**
 * containerChanged (kuberuntime_manager.go): the instance was created from another
 * definition. An instance without the annotation (not created by a pillion kubelet) is
 * treated as unchanged rather than killed — Kubernetes would read hash 0 and restart it.
 */
export function containerChanged(c: Container, instance: RuntimeContainer): boolean {
  const recorded = instance.annotations[ANNOTATION_CONTAINER_HASH];
  return recorded !== undefined && recorded !== hashContainer(c);
}
