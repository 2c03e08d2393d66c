// Which slice each endpoint of one port set goes to: a pure, simpler form of
// reconcileByPortMapping (pkg/controller/endpointslice/reconciler.go). As Kubernetes does, an
// endpoint stays in the slice that holds it, so a change touches few slices: (1) each stored
// slice keeps the desired endpoints it already has, (2) the new endpoints fill the stored slices
// that have room, in order, (3) the rest go to new slices of at most max endpoints. Slices left
// empty are dropped (deleted, or reused by the caller), but one is kept as the placeholder when
// nothing at all is desired. Endpoints are ordered by pod name within a slice, so an unchanged
// set compares equal to what is stored.
import type { Endpoint, EndpointSlice } from "../../api/discovery.ts";

export interface PackedSlice {
  /** The stored slice to update; absent: a slice to create. */
  slice?: EndpointSlice;
  endpoints: Endpoint[];
}

const keyOf = (e: Endpoint): string => e.targetRef?.uid || `${e.targetRef?.namespace ?? ""}/${e.targetRef?.name ?? ""}`;
const byPodName = (a: Endpoint, b: Endpoint): number => (a.targetRef?.name ?? "").localeCompare(b.targetRef?.name ?? "");

export function packEndpoints(stored: readonly EndpointSlice[], desired: readonly Endpoint[], max: number): PackedSlice[] {
  const wanted = new Map(desired.map((e) => [keyOf(e), e]));
  const placed = new Set<string>();
  const out: PackedSlice[] = stored.map((slice) => {
    const endpoints: Endpoint[] = [];
    for (const e of slice.endpoints ?? []) {
      const k = keyOf(e);
      const next = wanted.get(k);
      if (!next || placed.has(k) || endpoints.length >= max) continue;
      placed.add(k);
      endpoints.push(next);
    }
    return { slice, endpoints };
  });
  const remaining = desired.filter((e) => !placed.has(keyOf(e)));
  for (const p of out) {
    if (p.endpoints.length === 0) continue; // an emptied slice is not refilled: new slices may reuse it
    while (p.endpoints.length < max && remaining.length) p.endpoints.push(remaining.shift() as Endpoint);
  }
  for (let i = 0; i < remaining.length; i += max) out.push({ endpoints: remaining.slice(i, i + max) });
  const kept = out.filter((p) => p.endpoints.length > 0);
  for (const p of kept) p.endpoints.sort(byPodName);
  if (kept.length) return kept;
  const placeholder = stored[0];
  return [placeholder ? { slice: placeholder, endpoints: [] } : { endpoints: [] }];
}
