// The Secret's registry strategy (pkg/registry/core/secret/strategy.go) with the v1 conversion
// in front of it: `stringData` is folded into `data` (base64 of its UTF-8, winning over a `data`
// key of the same name) and never stored; `data` must be valid base64; type defaults to Opaque.
import type { Secret } from "../../api/core.ts";
import { applySecretDefaults } from "../../api/defaults/core-object-defaults.ts";
import type { FieldError } from "../../machinery/field-errors.ts";
import { keepStoredContent } from "../configmaps/keep-stored-content.ts";
import type { Strategy, StrategyContext } from "../strategy.ts";
import { validateSecret, validateSecretUpdate } from "../validation/configmap-secret-validation.ts";
import { validateObjectMetaUpdate } from "../validation/object-meta-validation.ts";
import { checkBase64Map } from "./base64-data.ts";

/** Convert_v1_Secret_To_core_Secret's stringData fold. */
export function foldStringData(secret: Secret): void {
  checkBase64Map("Secret", secret.data);
  const stringData = secret.stringData;
  delete secret.stringData;
  if (!stringData) return;
  const data = (secret.data ??= {});
  for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(String(v), "utf8").toString("base64");
}

export class SecretStrategy implements Strategy<Secret> {
  readonly group = "";
  readonly version = "v1";
  readonly kind = "Secret";
  readonly resource = "secrets";
  readonly namespaced = true;

  applyDefaults(secret: Secret, _ctx: StrategyContext): void {
    foldStringData(secret);
    applySecretDefaults(secret);
  }

  prepareForCreate(secret: Secret, _ctx: StrategyContext): void {
    delete secret.metadata.generation;
  }

  validate(secret: Secret, _ctx: StrategyContext): FieldError[] {
    return validateSecret(secret);
  }

  prepareForUpdate(secret: Secret, old: Secret, _ctx: StrategyContext): void {
    if (old.metadata.generation === undefined) delete secret.metadata.generation;
    else secret.metadata.generation = old.metadata.generation;
  }

  validateUpdate(secret: Secret, old: Secret, _ctx: StrategyContext): FieldError[] {
    return validateSecretUpdate(secret, old);
  }

  prepareForStatusUpdate(secret: Secret, old: Secret, _ctx: StrategyContext): void {
    keepStoredContent(secret, old);
  }

  validateStatusUpdate(secret: Secret, old: Secret, _ctx: StrategyContext): FieldError[] {
    return validateObjectMetaUpdate(secret.metadata, old.metadata);
  }
}
