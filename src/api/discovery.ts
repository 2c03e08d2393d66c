// discovery.k8s.io/v1: EndpointSlice (k8s.io/api/discovery/v1/types.go). Field names exactly as
// Kubernetes spells them in JSON. `endpoints` and `ports` carry no omitempty in Go: the
// controller writes them always (an empty slice as []).
import type { Protocol } from "./core.ts";
import type { KubeObject, ObjectMeta } from "./meta.ts";

export type AddressType = "IPv4" | "IPv6" | "FQDN";

export interface EndpointConditions {
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
}

export interface EndpointTargetRef {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
}

export interface Endpoint {
  addresses: string[];
  conditions?: EndpointConditions;
  hostname?: string;
  targetRef?: EndpointTargetRef;
  nodeName?: string;
  zone?: string;
  hints?: { forZones?: { name: string }[]; forNodes?: { name: string }[] };
}

export interface EndpointPort {
  name?: string;
  protocol?: Protocol;
  port?: number;
  appProtocol?: string;
}

export interface EndpointSlice extends KubeObject {
  apiVersion?: "discovery.k8s.io/v1";
  kind?: "EndpointSlice";
  metadata: ObjectMeta;
  addressType: AddressType;
  endpoints: Endpoint[];
  ports?: EndpointPort[];
}

/** discovery.LabelServiceName. */
export const LABEL_SERVICE_NAME = "kubernetes.io/service-name";
/** discovery.LabelManagedBy. */
export const LABEL_MANAGED_BY = "endpointslice.kubernetes.io/managed-by";
/** The endpointslice controller's LabelManagedBy value (controllerName). */
export const ENDPOINTSLICE_CONTROLLER_NAME = "endpointslice-controller.k8s.io";
