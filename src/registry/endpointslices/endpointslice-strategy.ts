// The EndpointSlice's registry strategy, mirroring pkg/registry/discovery/endpointslice/
// strategy.go: defaults (SetDefaults_EndpointPort: name "", protocol TCP), generation 1 on
// create and bumped on an update that changes anything but metadata (or the labels). No status.
import type { EndpointSlice } from "../../api/discovery.ts";
import type { FieldError } from "../../machinery/field-errors.ts";
import type { Strategy, StrategyContext } from "../strategy.ts";
import { jsonEqual } from "../validation/spec-diff.ts";
import { validateEndpointSlice, validateEndpointSliceUpdate } from "./endpointslice-validation.ts";

const content = (eps: EndpointSlice): unknown => ({ addressType: eps.addressType, endpoints: eps.endpoints, ports: eps.ports });

export class EndpointSliceStrategy implements Strategy<EndpointSlice> {
  readonly group = "discovery.k8s.io";
  readonly version = "v1";
  readonly kind = "EndpointSlice";
  readonly resource = "endpointslices";
  readonly namespaced = true;

  applyDefaults(eps: EndpointSlice, _ctx: StrategyContext): void {
    // `endpoints` has no omitempty in Go: a slice read back always carries the field.
    eps.endpoints ??= [];
    for (const p of eps.ports ?? []) {
      p.name ??= "";
      p.protocol ??= "TCP";
    }
  }

  prepareForCreate(eps: EndpointSlice, _ctx: StrategyContext): void {
    eps.metadata.generation = 1;
  }

  validate(eps: EndpointSlice, _ctx: StrategyContext): FieldError[] {
    return validateEndpointSlice(eps);
  }

  prepareForUpdate(eps: EndpointSlice, old: EndpointSlice, _ctx: StrategyContext): void {
    const generation = old.metadata.generation ?? 0;
    const changed = !jsonEqual(content(eps), content(old)) || !jsonEqual(eps.metadata.labels ?? {}, old.metadata.labels ?? {});
    eps.metadata.generation = changed ? generation + 1 : generation;
  }

  validateUpdate(eps: EndpointSlice, old: EndpointSlice, _ctx: StrategyContext): FieldError[] {
    return validateEndpointSliceUpdate(eps, old);
  }

  /** No status subresource: never called by the API (kept as a plain update's rules). */
  prepareForStatusUpdate(eps: EndpointSlice, old: EndpointSlice, ctx: StrategyContext): void {
    this.prepareForUpdate(eps, old, ctx);
  }

  validateStatusUpdate(eps: EndpointSlice, old: EndpointSlice, _ctx: StrategyContext): FieldError[] {
    return validateEndpointSliceUpdate(eps, old);
  }
}
