// The ConfigMap's registry strategy (pkg/registry/core/configmap/strategy.go): no defaults, no
// status, no generation; binaryData must be base64 (checked where Kubernetes' decoder would).
import type { ConfigMap } from "../../api/core.ts";
import type { FieldError } from "../../machinery/field-errors.ts";
import { checkBase64Map } from "../secrets/base64-data.ts";
import type { Strategy, StrategyContext } from "../strategy.ts";
import { validateConfigMap, validateConfigMapUpdate } from "../validation/configmap-secret-validation.ts";
import { validateObjectMetaUpdate } from "../validation/object-meta-validation.ts";
import { keepStoredContent } from "./keep-stored-content.ts";

export class ConfigMapStrategy implements Strategy<ConfigMap> {
  readonly group = "";
  readonly version = "v1";
  readonly kind = "ConfigMap";
  readonly resource = "configmaps";
  readonly namespaced = true;

  applyDefaults(cm: ConfigMap, _ctx: StrategyContext): void {
    checkBase64Map("ConfigMap", cm.binaryData);
  }

  prepareForCreate(cm: ConfigMap, _ctx: StrategyContext): void {
    delete cm.metadata.generation;
  }

  validate(cm: ConfigMap, _ctx: StrategyContext): FieldError[] {
    return validateConfigMap(cm);
  }

  prepareForUpdate(cm: ConfigMap, old: ConfigMap, _ctx: StrategyContext): void {
    if (old.metadata.generation === undefined) delete cm.metadata.generation;
    else cm.metadata.generation = old.metadata.generation;
  }

  validateUpdate(cm: ConfigMap, old: ConfigMap, _ctx: StrategyContext): FieldError[] {
    return validateConfigMapUpdate(cm, old);
  }

  prepareForStatusUpdate(cm: ConfigMap, old: ConfigMap, _ctx: StrategyContext): void {
    keepStoredContent(cm, old);
  }

  validateStatusUpdate(cm: ConfigMap, old: ConfigMap, _ctx: StrategyContext): FieldError[] {
    return validateObjectMetaUpdate(cm.metadata, old.metadata);
  }
}
