// events.k8s.io/v1 Event: the newer shape of an Event (regarding/note/series instead of
// involvedObject/message/count). Kubernetes stores both API versions in one resource; see
// src/registry/events-v1/ for how pillion serves it.
import type { ObjectReference } from "./core.ts";
import type { KubeObject, ObjectMeta } from "./meta.ts";

export interface EventSeries {
  count: number;
  /** MicroTime. */
  lastObservedTime: string;
}

export interface EventV1 extends KubeObject {
  apiVersion?: "events.k8s.io/v1";
  kind?: "Event";
  metadata: ObjectMeta;
  /** MicroTime (RFC 3339 with microseconds); required on create. */
  eventTime?: string | null;
  series?: EventSeries;
  reportingController?: string;
  reportingInstance?: string;
  action?: string;
  reason?: string;
  regarding?: ObjectReference;
  related?: ObjectReference;
  note?: string;
  type?: string;
  deprecatedSource?: { component?: string; host?: string };
  deprecatedFirstTimestamp?: string | null;
  deprecatedLastTimestamp?: string | null;
  deprecatedCount?: number;
}
