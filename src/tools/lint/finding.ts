// The vocabulary of `pillion lint`: rules with stable ids and a default severity, and the
// findings they report, each with a field path, a source position and, where one is safe, a fix.
import type { NodePath } from "../yaml/node-path.ts";
import type { ObjectRef } from "../yaml/pod-sites.ts";
import type { PodAnalysis } from "./pod-analysis.ts";

export type Severity = "error" | "warning" | "info";

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export interface RuleMeta {
  /** Stable id, printed as `[id]` and used by --disable and SARIF. */
  id: string;
  severity: Severity;
  /** One line: what the rule finds. */
  title: string;
  /** Why it matters: what happens on a cluster. */
  description: string;
}

export interface Fix {
  description: string;
  /** Set when `pillion migrate` applies this fix. */
  automated?: "pillion migrate";
}

/** What a rule reports, with a path relative to the pod spec. */
export interface RuleFinding {
  ruleId: string;
  /** Defaults to the rule's severity (native-sidecar-version varies it by version). */
  severity?: Severity;
  message: string;
  path: NodePath;
  fix?: Fix;
}

export interface LintOptions {
  /** The minor version of the target cluster (1.<minor>); 33 by default. */
  kubernetesMinor: number;
  /** The least startup-probe budget a sidecar gets before the warning (seconds). */
  minStartupSeconds: number;
}

export const DEFAULT_LINT_OPTIONS: LintOptions = { kubernetesMinor: 33, minStartupSeconds: 10 };

export interface RuleContext {
  analysis: PodAnalysis;
  options: LintOptions;
  /** The object-relative text of a pod-spec-relative path ("spec.template.spec.containers[1]"). */
  apiPath: (path: NodePath) => string;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): RuleFinding[];
}

/** A finding placed in its file. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  line: number;
  column: number;
  /** Object-relative field path, as Kubernetes prints it. */
  path: string;
  object: ObjectRef;
  fix?: Fix;
}
