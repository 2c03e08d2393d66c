// events.k8s.io/v1 Event validation: ValidateEventCreate / ValidateEventUpdate and
// legacyValidateEvent / validateV1EventSeries of pkg/apis/core/validation/events.go (1.33) for
// a request in events.k8s.io/v1, texts and field paths verbatim. Go validates the internal
// (core) Event, so some paths use core names (involvedObject.namespace, message).
import type { EventV1 } from "../../api/events.ts";
import { invalid, required, type FieldError } from "../../machinery/field-errors.ts";
import { isDNS1123Subdomain, isQualifiedName, nameIsDNSSubdomain } from "./name-validation.ts";
import { FIELD_IMMUTABLE_ERROR_MSG, validateObjectMeta, validateObjectMetaUpdate } from "./object-meta-validation.ts";
import { jsonEqual } from "./spec-diff.ts";

const REPORTING_INSTANCE_LENGTH_LIMIT = 128;
const ACTION_LENGTH_LIMIT = 128;
const REASON_LENGTH_LIMIT = 128;
const NOTE_LENGTH_LIMIT = 1024;

/** legacyValidateEvent, for an event with eventTime set (every v1 event must have it). */
function legacyValidateEvent(e: EventV1): FieldError[] {
  const errs: FieldError[] = [];
  const ns = e.metadata.namespace ?? "";
  if (e.eventTime) {
    if (!e.regarding?.namespace && ns !== "default" && ns !== "kube-system") {
      errs.push(invalid("involvedObject.namespace", e.regarding?.namespace ?? "", "does not match event.namespace"));
    }
    const controller = e.reportingController ?? "";
    if (!controller) errs.push(required("reportingController"));
    errs.push(...isQualifiedName(controller).map((m) => invalid("reportingController", controller, m)));
    if (!e.reportingInstance) errs.push(required("reportingInstance"));
    if ((e.reportingInstance ?? "").length > REPORTING_INSTANCE_LENGTH_LIMIT) errs.push(invalid("reportingInstance", "", `can have at most ${REPORTING_INSTANCE_LENGTH_LIMIT} characters`));
    if (!e.action) errs.push(required("action"));
    if ((e.action ?? "").length > ACTION_LENGTH_LIMIT) errs.push(invalid("action", "", `can have at most ${ACTION_LENGTH_LIMIT} characters`));
    if (!e.reason) errs.push(required("reason"));
    if ((e.reason ?? "").length > REASON_LENGTH_LIMIT) errs.push(invalid("reason", "", `can have at most ${REASON_LENGTH_LIMIT} characters`));
    if ((e.note ?? "").length > NOTE_LENGTH_LIMIT) errs.push(invalid("message", "", `can have at most ${NOTE_LENGTH_LIMIT} characters`));
  } else if (e.regarding?.namespace ? ns !== e.regarding.namespace : ns !== "" && ns !== "default") {
    errs.push(invalid("involvedObject.namespace", e.regarding?.namespace ?? "", "does not match event.namespace"));
  }
  errs.push(...isDNS1123Subdomain(ns).map((m) => invalid("namespace", ns, m)));
  return errs;
}

function validateSeries(e: EventV1): FieldError[] {
  if (!e.series) return [];
  const errs: FieldError[] = [];
  if ((e.series.count ?? 0) < 2) errs.push(invalid("series.count", "", "should be at least 2"));
  if (!e.series.lastObservedTime) errs.push(required("series.lastObservedTime"));
  return errs;
}

export function validateEventV1(e: EventV1): FieldError[] {
  const errs = legacyValidateEvent(e);
  errs.push(...validateObjectMeta(e.metadata ?? {}, { requiresNamespace: true, nameFn: nameIsDNSSubdomain }));
  errs.push(...validateSeries(e));
  if (!e.eventTime) errs.push(required("eventTime"));
  if (e.type !== "Normal" && e.type !== "Warning") errs.push(invalid("type", "", `has invalid value: ${e.type ?? ""}`));
  if (e.deprecatedFirstTimestamp) errs.push(invalid("deprecatedFirstTimestamp", "", "needs to be unset"));
  if (e.deprecatedLastTimestamp) errs.push(invalid("deprecatedLastTimestamp", "", "needs to be unset"));
  if (e.deprecatedCount) errs.push(invalid("deprecatedCount", "", "needs to be unset"));
  if (e.deprecatedSource?.component || e.deprecatedSource?.host) errs.push(invalid("deprecatedSource", "", "needs to be unset"));
  return errs;
}

/** ValidateEventUpdate: the series may change; what the event reports may not (core paths). */
export function validateEventV1Update(e: EventV1, old: EventV1): FieldError[] {
  const errs = legacyValidateEvent(e);
  errs.push(...validateObjectMetaUpdate(e.metadata, old.metadata));
  if (!jsonEqual(e.series, old.series)) errs.push(...validateSeries(e));
  const immutable: [string, unknown, unknown][] = [
    ["involvedObject", e.regarding, old.regarding], ["reason", e.reason, old.reason], ["message", e.note, old.note],
    ["source", e.deprecatedSource, old.deprecatedSource], ["firstTimestamp", e.deprecatedFirstTimestamp, old.deprecatedFirstTimestamp],
    ["lastTimestamp", e.deprecatedLastTimestamp, old.deprecatedLastTimestamp], ["count", e.deprecatedCount, old.deprecatedCount],
    ["type", e.type, old.type], ["eventTime", e.eventTime, old.eventTime], ["action", e.action, old.action],
    ["related", e.related, old.related], ["reportingController", e.reportingController, old.reportingController],
    ["reportingInstance", e.reportingInstance, old.reportingInstance],
  ];
  for (const [path, a, b] of immutable) {
    if (!jsonEqual(a, b)) errs.push(invalid(path, typeof a === "object" ? JSON.stringify(a ?? null) : (a ?? ""), FIELD_IMMUTABLE_ERROR_MSG));
  }
  return errs;
}
