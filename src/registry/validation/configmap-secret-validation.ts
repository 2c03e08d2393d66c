// core/v1 ConfigMap and Secret validation: ValidateConfigMap(Update) and ValidateSecret(Update)
// of pkg/apis/core/validation/validation.go (1.33), texts verbatim. Go iterates the data maps in
// random order; here keys are sorted so the error order is stable.
import type { ConfigMap, Secret } from "../../api/core.ts";
import { forbidden, invalid, required, tooLong, type FieldError } from "../../machinery/field-errors.ts";
import { isConfigMapKey, nameIsDNSSubdomain } from "./name-validation.ts";
import { FIELD_IMMUTABLE_ERROR_MSG, validateObjectMeta, validateObjectMetaUpdate } from "./object-meta-validation.ts";
import { jsonEqual } from "./spec-diff.ts";

/** core.MaxSecretSize, also the ConfigMap limit. */
export const MAX_SECRET_SIZE = 1024 * 1024;
const IMMUTABLE_SET = "field is immutable when `immutable` is set";

const byteLength = (s: string): number => Buffer.byteLength(s, "utf8");
const decodedLength = (b64: string): number => Buffer.from(b64, "base64").length;
const sortedKeys = (m: Record<string, string> | undefined): string[] => Object.keys(m ?? {}).sort();

export function validateConfigMap(cm: ConfigMap): FieldError[] {
  const errs = validateObjectMeta(cm.metadata ?? {}, { requiresNamespace: true, nameFn: nameIsDNSSubdomain });
  let total = 0;
  for (const key of sortedKeys(cm.data)) {
    errs.push(...isConfigMapKey(key).map((m) => invalid(`data[${key}]`, key, m)));
    if (cm.binaryData && Object.hasOwn(cm.binaryData, key)) errs.push(invalid(`data[${key}]`, key, "duplicate of key present in binaryData"));
    total += byteLength(cm.data?.[key] ?? "");
  }
  for (const key of sortedKeys(cm.binaryData)) {
    errs.push(...isConfigMapKey(key).map((m) => invalid(`binaryData[${key}]`, key, m)));
    total += decodedLength(cm.binaryData?.[key] ?? "");
  }
  // The empty path: the error is about the whole object.
  if (total > MAX_SECRET_SIZE) errs.push(tooLong("", "", MAX_SECRET_SIZE));
  return errs;
}

export function validateConfigMapUpdate(cm: ConfigMap, old: ConfigMap): FieldError[] {
  const errs = validateObjectMetaUpdate(cm.metadata, old.metadata);
  if (old.immutable === true) {
    if (cm.immutable !== true) errs.push(forbidden("immutable", IMMUTABLE_SET));
    if (!jsonEqual(cm.data, old.data)) errs.push(forbidden("data", IMMUTABLE_SET));
    if (!jsonEqual(cm.binaryData, old.binaryData)) errs.push(forbidden("binaryData", IMMUTABLE_SET));
  }
  errs.push(...validateConfigMap(cm));
  return errs;
}

function decodedData(secret: Secret, key: string): string | undefined {
  const v = secret.data?.[key];
  return v === undefined ? undefined : Buffer.from(v, "base64").toString("utf8");
}

/** The per-type required keys of ValidateSecret. */
function validateSecretType(secret: Secret): FieldError[] {
  const data = secret.data ?? {};
  const has = (k: string): boolean => Object.hasOwn(data, k);
  switch (secret.type ?? "") {
    case "kubernetes.io/service-account-token":
      return secret.metadata.annotations?.["kubernetes.io/service-account.name"] ? [] : [required("metadata.annotations[kubernetes.io/service-account.name]")];
    case "kubernetes.io/dockercfg":
    case "kubernetes.io/dockerconfigjson": {
      const key = secret.type === "kubernetes.io/dockercfg" ? ".dockercfg" : ".dockerconfigjson";
      if (!has(key)) return [required(`data[${key}]`)];
      try {
        JSON.parse(decodedData(secret, key) ?? "");
        return [];
      } catch (e) {
        // Deliberate difference: the JSON parser's message is JavaScript's, not encoding/json's.
        return [invalid(`data[${key}]`, "<secret contents redacted>", (e as Error).message)];
      }
    }
    case "kubernetes.io/basic-auth":
      return has("username") || has("password") ? [] : [required("data[username]"), required("data[password]")];
    case "kubernetes.io/ssh-auth":
      return (decodedData(secret, "ssh-privatekey") ?? "").length > 0 ? [] : [required("data[ssh-privatekey]")];
    case "kubernetes.io/tls": {
      const errs: FieldError[] = [];
      if (!has("tls.crt")) errs.push(required("data[tls.crt]"));
      if (!has("tls.key")) errs.push(required("data[tls.key]"));
      return errs;
    }
    default:
      return [];
  }
}

export function validateSecret(secret: Secret): FieldError[] {
  const errs = validateObjectMeta(secret.metadata ?? {}, { requiresNamespace: true, nameFn: nameIsDNSSubdomain });
  let total = 0;
  for (const key of sortedKeys(secret.data)) {
    errs.push(...isConfigMapKey(key).map((m) => invalid(`data[${key}]`, key, m)));
    total += decodedLength(secret.data?.[key] ?? "");
  }
  if (total > MAX_SECRET_SIZE) errs.push(tooLong("data", "", MAX_SECRET_SIZE));
  errs.push(...validateSecretType(secret));
  return errs;
}

export function validateSecretUpdate(secret: Secret, old: Secret): FieldError[] {
  const errs = validateObjectMetaUpdate(secret.metadata, old.metadata);
  if ((secret.type ?? "") !== (old.type ?? "")) errs.push(invalid("type", secret.type ?? "", FIELD_IMMUTABLE_ERROR_MSG));
  if (old.immutable === true) {
    if (secret.immutable !== true) errs.push(forbidden("immutable", IMMUTABLE_SET));
    if (!jsonEqual(secret.data, old.data)) errs.push(forbidden("data", IMMUTABLE_SET));
  }
  errs.push(...validateSecret(secret));
  return errs;
}
