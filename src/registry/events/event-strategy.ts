// core/v1 Events: stored as given; the recorder fills every field.
import type { Event } from "../../api/core.ts";
import { required } from "../../machinery/field-errors.ts";
import type { Strategy } from "../strategy.ts";

export const eventStrategy: Strategy<Event> = {
  group: "", version: "v1", kind: "Event", resource: "events", namespaced: true,
  applyDefaults: () => undefined,
  prepareForCreate: () => undefined,
  validate: (e) => (e.involvedObject ? [] : [required("involvedObject")]),
  prepareForUpdate: () => undefined,
  validateUpdate: () => [],
  prepareForStatusUpdate: () => undefined,
  validateStatusUpdate: () => [],
};
