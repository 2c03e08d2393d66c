// Field paths: as segments (["spec", "containers", 1, "restartPolicy"]) to walk a YAML document,
// and as text the way Kubernetes prints them in field errors ("spec.containers[1].restartPolicy").
import { isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair } from "yaml";

export type PathSegment = string | number;
export type NodePath = readonly PathSegment[];

/** Kubernetes' field.Path rendering: keys joined by ".", indices as "[i]". */
export function formatPath(path: NodePath): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out;
}

function keyOf(pair: Pair): unknown {
  return isScalar(pair.key) ? pair.key.value : pair.key;
}

/** The pair whose key is `key` in a block or flow map node, if any. */
export function findPair(node: unknown, key: string): Pair<Node, Node | null> | undefined {
  if (!isMap(node)) return undefined;
  for (const item of node.items) {
    if (isPair(item) && keyOf(item) === key) return item as Pair<Node, Node | null>;
  }
  return undefined;
}

/** The node at `path`, or undefined when any step is missing. */
export function nodeAt(doc: Document.Parsed, path: NodePath): Node | undefined {
  let cur: unknown = doc.contents;
  for (const seg of path) {
    if (typeof seg === "number") {
      if (!isSeq(cur)) return undefined;
      cur = cur.items[seg];
    } else {
      const pair = findPair(cur, seg);
      if (!pair) return undefined;
      cur = pair.value;
    }
    if (cur === undefined || cur === null) return undefined;
  }
  return cur as Node;
}

/**
 * The source offset that best points at `path`: the key of the last map entry found (so a
 * diagnostic lands on `restartPolicy:`), or the start of a sequence item. When the path does not
 * exist in full (a missing field), the deepest existing ancestor is used.
 */
export function offsetOfPath(doc: Document.Parsed, path: NodePath): number {
  let cur: unknown = doc.contents;
  let offset = (doc.contents?.range?.[0]) ?? 0;
  for (const seg of path) {
    if (typeof seg === "number") {
      if (!isSeq(cur)) break;
      const item = cur.items[seg] as Node | undefined;
      if (!item?.range) break;
      offset = item.range[0];
      cur = item;
    } else {
      const pair = findPair(cur, seg);
      const start = pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
      if (!pair || start === undefined) break;
      offset = start;
      cur = pair.value;
    }
  }
  return offset;
}
