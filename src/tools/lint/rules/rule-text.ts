// Shared wording for rule messages.
import { fieldErrorMessage, type FieldError } from "../../../machinery/field-errors.ts";
import type { ObjectRef } from "../../yaml/pod-sites.ts";

export const q = (name: string): string => JSON.stringify(name);

/** What kubectl prints when the API server rejects the object: `The Job "x" is invalid: …`. */
export function kubectlInvalid(object: ObjectRef, err: FieldError): string {
  return `The ${object.kind} ${q(object.name)} is invalid: ${fieldErrorMessage(err)}`;
}

/** "the Job", "the CronJob's Jobs", "the Pod" — what fails to complete. */
export function completingThing(kind: string): string {
  if (kind === "CronJob") return "the CronJob's Jobs";
  if (kind === "Job") return "the Job";
  return `the ${kind}`;
}

export function list(names: readonly string[]): string {
  const quoted = names.map(q);
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1] ?? ""}`;
}
