// The rewrite of one pod spec: each traditional sidecar (lint's traditional-sidecar findings)
// is cut out of `containers` and pasted into `initContainers` with `restartPolicy: Always`; each
// regular init container that never exits gets `restartPolicy: Always` in place. A sidecar
// without a startup probe gets one (startup-probe-suggestion.ts) under a review comment.
//
// Where a moved sidecar goes: init containers start one at a time in order, and a sidecar is
// only useful to the init containers after it (a migration Job's schema step needs the database
// proxy). So it goes to the FRONT of initContainers — except that it is placed after the last
// existing init container it needs: one that writes a volume it mounts (a Vault init that
// renders the credentials file the proxy reads), or one that runs the same image (the
// sidecar's own setup step, like istio-init before istio-proxy). Several moved sidecars keep
// their relative order.
import { isMap, isSeq, type Document, type Node, type YAMLMap, type YAMLSeq } from "yaml";
import type { Container } from "../../api/core.ts";
import { type ContainerRef, type PodAnalysis, type TraditionalSidecar } from "../lint/pod-analysis.ts";
import { imageRepository } from "../lint/known-sidecars.ts";
import { suggestStartupProbe, type StartupProbeSuggestion } from "../lint/startup-probe-suggestion.ts";
import { findPair, nodeAt } from "../yaml/node-path.ts";
import type { ObjectRef } from "../yaml/pod-sites.ts";
import { restartPolicyLine, startupProbeLines } from "./probe-yaml.ts";
import {
  applyEdits, columnAt, endsWithNewline, leadingCommentStart, lineStartAt, nextLineStart, reindent, sequenceItemBlock, startsLine,
  type LineBlock, type TextEdit,
} from "./text-edits.ts";

export interface MigrationChange {
  object: ObjectRef;
  container: string;
  action: "moved-to-init-containers" | "restart-policy-added";
  /** Where the added startup probe came from; absent when none was added. */
  startupProbe?: StartupProbeSuggestion["source"];
}

export interface PodMigration {
  edits: TextEdit[];
  changes: MigrationChange[];
  /** Why a pod that needs migrating was left alone (e.g. flow-style YAML). */
  skipped?: string;
}

interface Ctx {
  text: string;
  eol: string;
  step: number;
  analysis: PodAnalysis;
}

class Unsupported extends Error {
  override name = "Unsupported";
}

function blockMap(node: unknown, what: string): YAMLMap {
  if (!isMap(node) || node.flow || !node.range) throw new Unsupported(`${what} is not a block mapping`);
  return node;
}

function blockSeq(node: unknown, what: string): YAMLSeq {
  if (!isSeq(node) || node.flow || !node.range || node.items.length === 0) throw new Unsupported(`${what} is not a non-empty block sequence`);
  return node;
}

function itemBlock(text: string, seq: YAMLSeq, index: number, what: string): LineBlock {
  const item = seq.items[index] as Node | undefined;
  blockMap(item, what);
  const block = item?.range ? sequenceItemBlock(text, item.range[0]) : undefined;
  if (!block) throw new Unsupported(`${what} is not a block sequence item`);
  return block;
}

/** Edits inside one container item: restartPolicy: Always after `image:` (or `name:`), and a
 *  startup probe appended at the item's end. Offsets are the original text's. */
function containerEdits(ctx: Ctx, item: YAMLMap, block: LineBlock, c: Container): { edits: TextEdit[]; probe?: StartupProbeSuggestion } {
  const { text, eol } = ctx;
  const edits: TextEdit[] = [];
  const rp = findPair(item, "restartPolicy");
  if (rp?.value?.range) {
    if (c.restartPolicy !== "Always") edits.push({ start: rp.value.range[0], end: rp.value.range[1], text: "Always" });
  } else {
    const anchor = findPair(item, "image") ?? findPair(item, "name");
    const keyStart = anchor?.key.range?.[0];
    const valueEnd = anchor?.value?.range?.[1];
    if (keyStart === undefined || valueEnd === undefined || !startsLineOrDash(text, keyStart)) throw new Unsupported(`container "${c.name}" has no block-style name or image field`);
    const at = nextLineStart(text, valueEnd);
    edits.push({ start: at, end: at, text: (endsWithNewline(text.slice(0, at)) ? "" : eol) + restartPolicyLine(columnAt(text, keyStart), eol) });
  }
  let probe: StartupProbeSuggestion | undefined;
  if (!c.startupProbe) {
    probe = suggestStartupProbe(c, ctx.analysis);
    const firstKey = (item.items[0]?.key as Node | undefined)?.range?.[0];
    if (probe && firstKey !== undefined) {
      const at = block.end;
      edits.push({ start: at, end: at, text: (endsWithNewline(text.slice(0, at)) ? "" : eol) + startupProbeLines(probe.probe, columnAt(text, firstKey), ctx.step, eol) });
    }
  }
  return probe ? { edits, probe } : { edits };
}

/** `- name: x` puts the key after the dash; otherwise the key starts its line. */
function startsLineOrDash(text: string, offset: number): boolean {
  return startsLine(text, offset) || /^\s*-\s+$/.test(text.slice(lineStartAt(text, offset), offset));
}

/** The index in initContainers before which sidecar `c` goes (see the file comment). */
function insertionIndex(inits: readonly Container[], c: Container): number {
  const mounts = new Set((c.volumeMounts ?? []).map((m) => m.name));
  const repo = c.image ? imageRepository(c.image) : undefined;
  let index = 0;
  inits.forEach((init, i) => {
    const writesShared = (init.volumeMounts ?? []).some((m) => mounts.has(m.name) && m.readOnly !== true);
    const sameImage = repo !== undefined && init.image !== undefined && imageRepository(init.image) === repo;
    if (writesShared || sameImage) index = i + 1;
  });
  return index;
}

function move(ctx: Ctx, spec: YAMLMap, sidecars: readonly TraditionalSidecar[], changes: MigrationChange[]): TextEdit[] {
  const { text, eol, analysis } = ctx;
  const containersPair = findPair(spec, "containers");
  const containers = blockSeq(containersPair?.value, "containers");
  const keyStart = containersPair?.key.range?.[0];
  if (keyStart === undefined || !startsLine(text, keyStart)) throw new Unsupported("the containers key does not start its line");
  const edits: TextEdit[] = [];
  const moved: { ref: ContainerRef; text: string; column: number }[] = [];
  for (const { ref } of sidecars) {
    const block = itemBlock(text, containers, ref.index, `containers[${ref.index}]`);
    const item = containers.items[ref.index] as YAMLMap;
    const inner = containerEdits(ctx, item, block, ref.container);
    const shifted = inner.edits.map((e) => ({ ...e, start: e.start - block.start, end: e.end - block.start }));
    let pasted = applyEdits(text.slice(block.start, block.end), shifted);
    if (!pasted.endsWith("\n")) pasted += eol;
    moved.push({ ref, text: pasted, column: block.column });
    changes.push({ object: analysis.site.object, container: ref.container.name, action: "moved-to-init-containers", ...(inner.probe ? { startupProbe: inner.probe.source } : {}) });
    // Cut the item together with the blank lines that separated it from its neighbour.
    let { start, end } = block;
    if (ref.index > 0) {
      while (start > 0 && text.slice(lineStartAt(text, start - 1), start).trim() === "") start = lineStartAt(text, start - 1);
    } else if (containers.items.length > 1) {
      while (end < text.length && text.slice(end, nextLineStart(text, end)).trim() === "") end = nextLineStart(text, end);
    }
    edits.push({ start, end, text: "" });
  }

  const initPair = findPair(spec, "initContainers");
  const inits = analysis.site.spec.initContainers ?? [];
  if (initPair) {
    const seq = blockSeq(initPair.value, "initContainers");
    const blocks = seq.items.map((_, i) => itemBlock(text, seq, i, `initContainers[${i}]`));
    const column = blocks[0]?.column ?? 0;
    for (const m of moved) {
      const index = insertionIndex(inits, m.ref.container);
      const at = index < blocks.length ? (blocks[index]?.start ?? 0) : (blocks[blocks.length - 1]?.end ?? 0);
      const prefix = endsWithNewline(text.slice(0, at)) ? "" : eol;
      edits.push({ start: at, end: at, text: prefix + reindent(m.text, column - m.column) });
    }
  } else {
    // A new initContainers key goes right above containers, its items indented like them.
    const keyColumn = columnAt(text, keyStart);
    const column = itemBlock(text, containers, 0, "containers[0]").column;
    const at = leadingCommentStart(text, lineStartAt(text, keyStart), keyColumn);
    const body = moved.map((m) => reindent(m.text, column - m.column)).join("");
    edits.push({ start: at, end: at, text: `${" ".repeat(keyColumn)}initContainers:${eol}${body}` });
  }
  return edits;
}

function fixInPlace(ctx: Ctx, spec: YAMLMap, blocking: readonly TraditionalSidecar[], changes: MigrationChange[]): TextEdit[] {
  const seq = blockSeq(findPair(spec, "initContainers")?.value, "initContainers");
  const edits: TextEdit[] = [];
  for (const { ref } of blocking) {
    const block = itemBlock(ctx.text, seq, ref.index, `initContainers[${ref.index}]`);
    const inner = containerEdits(ctx, seq.items[ref.index] as YAMLMap, block, ref.container);
    edits.push(...inner.edits);
    changes.push({ object: ctx.analysis.site.object, container: ref.container.name, action: "restart-policy-added", ...(inner.probe ? { startupProbe: inner.probe.source } : {}) });
  }
  return edits;
}

/** Indentation step of the manifest: how far the pod spec's keys sit inside `spec:`. */
function indentStep(text: string, doc: Document.Parsed, analysis: PodAnalysis, spec: YAMLMap): number {
  const path = analysis.site.docPath;
  const parentKey = findPair(nodeAt(doc, path.slice(0, -1)) ?? doc.contents, String(path[path.length - 1]))?.key.range?.[0];
  const childKey = (spec.items[0]?.key as Node | undefined)?.range?.[0];
  if (parentKey === undefined || childKey === undefined) return 2;
  const step = columnAt(text, childKey) - columnAt(text, parentKey);
  return step > 0 ? step : 2;
}

export function planPodMigration(text: string, doc: Document.Parsed, analysis: PodAnalysis): PodMigration {
  const { traditionalSidecars, blockingInits } = analysis;
  if (!traditionalSidecars.length && !blockingInits.length) return { edits: [], changes: [] };
  const changes: MigrationChange[] = [];
  try {
    const spec = blockMap(nodeAt(doc, analysis.site.docPath), "the pod spec");
    const ctx: Ctx = { text, eol: text.includes("\r\n") ? "\r\n" : "\n", step: 2, analysis };
    ctx.step = indentStep(text, doc, analysis, spec);
    const edits = [
      ...(blockingInits.length ? fixInPlace(ctx, spec, blockingInits, changes) : []),
      ...(traditionalSidecars.length ? move(ctx, spec, traditionalSidecars, changes) : []),
    ];
    return { edits, changes };
  } catch (e) {
    if (e instanceof Unsupported) return { edits: [], changes: [], skipped: e.message };
    throw e;
  }
}
