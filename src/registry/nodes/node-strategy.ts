// The Node's registry strategy (pkg/registry/core/node/strategy.go): cluster-scoped; a create
// keeps the status it is given (the kubelet registers its node with status); a spec update
// keeps the stored status; a status update keeps the spec. Nodes carry no generation.
import type { Node } from "../../api/core.ts";
import { applyNodeDefaults } from "../../api/defaults/core-object-defaults.ts";
import type { FieldError } from "../../machinery/field-errors.ts";
import type { Strategy, StrategyContext } from "../strategy.ts";
import { keepStoredSpecAndMetadata, keepStoredStatusAndGeneration } from "../update-rules.ts";
import { validateObjectMetaUpdate } from "../validation/object-meta-validation.ts";
import { validateNode, validateNodeUpdate } from "../validation/namespace-node-validation.ts";

export class NodeStrategy implements Strategy<Node> {
  readonly group = "";
  readonly version = "v1";
  readonly kind = "Node";
  readonly resource = "nodes";
  readonly namespaced = false;

  applyDefaults(node: Node, _ctx: StrategyContext): void {
    applyNodeDefaults(node);
  }

  prepareForCreate(node: Node, _ctx: StrategyContext): void {
    delete node.metadata.generation;
    node.spec ??= {};
  }

  validate(node: Node, _ctx: StrategyContext): FieldError[] {
    return validateNode(node);
  }

  prepareForUpdate(node: Node, old: Node, _ctx: StrategyContext): void {
    keepStoredStatusAndGeneration(node, old);
  }

  validateUpdate(node: Node, old: Node, _ctx: StrategyContext): FieldError[] {
    return validateNodeUpdate(node, old);
  }

  prepareForStatusUpdate(node: Node, old: Node, _ctx: StrategyContext): void {
    keepStoredSpecAndMetadata(node, old);
  }

  validateStatusUpdate(node: Node, old: Node, _ctx: StrategyContext): FieldError[] {
    return validateObjectMetaUpdate(node.metadata, old.metadata);
  }
}
