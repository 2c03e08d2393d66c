// Every rule, in the order findings for one pod are reported.
import type { Rule } from "../finding.ts";
import { preferNativeSidecar } from "./advice-rules.ts";
import { initContainerProbesOrHooks, initContainerRestartPolicy, jobPodRestartPolicy, mainContainerRestartPolicy } from "./api-rules.ts";
import { initContainerNeverExits, traditionalSidecarBlocksCompletion } from "./completion-rules.ts";
import { sidecarShellIgnoresSigterm } from "./shutdown-rules.ts";
import { initContainerNeedsLaterContainer, sidecarMissingStartupProbe, sidecarStartOrder, startupProbeBudget } from "./startup-rules.ts";
import { nativeSidecarVersion } from "./version-rules.ts";

export const ALL_RULES: readonly Rule[] = [
  traditionalSidecarBlocksCompletion,
  initContainerNeverExits,
  jobPodRestartPolicy,
  mainContainerRestartPolicy,
  initContainerRestartPolicy,
  initContainerProbesOrHooks,
  nativeSidecarVersion,
  initContainerNeedsLaterContainer,
  sidecarStartOrder,
  sidecarMissingStartupProbe,
  startupProbeBudget,
  sidecarShellIgnoresSigterm,
  preferNativeSidecar,
];
