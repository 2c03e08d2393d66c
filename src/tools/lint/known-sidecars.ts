// Images that are almost always long-running helpers next to an application: service-mesh
// proxies, database proxies, secret agents, log shippers, telemetry collectors. Matched on the
// repository path without registry, tag or digest, so mirrors (my-registry.io/istio/proxyv2)
// match too. `ports` are the ports the product listens on by default, for finding which main
// container talks to it when the manifest declares no containerPort.
import type { Container } from "../../api/core.ts";

export interface KnownSidecar {
  product: string;
  ports: readonly number[];
}

interface Entry extends KnownSidecar {
  repo: RegExp;
  /** Extra condition on the container's command + args (e.g. Vault's init mode exits). */
  when?: (argv: readonly string[]) => boolean;
}

const hasArg = (argv: readonly string[], re: RegExp): boolean => argv.some((a) => re.test(a));

const ENTRIES: readonly Entry[] = [
  { product: "the Istio proxy", repo: /(^|\/)(istio\/)?proxyv2$|^istio\/proxy$/, ports: [15001, 15006, 15021, 15090],
    // istio-init runs `istio-iptables` with the same image and exits.
    when: (argv) => !hasArg(argv, /^istio-iptables$/) },
  { product: "Envoy", repo: /(^|\/)envoy(-[a-z]+)?$/, ports: [9901, 10000] },
  { product: "Cloud SQL Auth Proxy", repo: /(^|\/)(cloud-sql-proxy|gce-proxy|cloudsql-proxy)$/, ports: [5432, 3306, 1433] },
  { product: "Vault Agent", repo: /(^|\/)vault(-agent)?$/, ports: [8200, 8100],
    // The injector's init container runs `vault agent -exit-after-auth` and exits.
    when: (argv) => hasArg(argv, /^agent$/) && !hasArg(argv, /^-?-exit-after-auth/) },
  { product: "Fluent Bit", repo: /(^|\/)(fluent-bit|aws-for-fluent-bit)$/, ports: [2020] },
  { product: "Fluentd", repo: /(^|\/)fluentd(-[a-z0-9-]+)?$/, ports: [24224] },
  { product: "OpenTelemetry Collector", repo: /(^|\/)(opentelemetry-collector(-contrib|-k8s)?|otel-collector|aws-otel-collector|otelcol(-contrib)?)$/, ports: [4317, 4318, 13133] },
  { product: "the Linkerd proxy", repo: /(^|\/)(linkerd\/proxy|linkerd2-proxy)$/, ports: [4140, 4143, 4191] },
  { product: "Datadog Agent", repo: /(^|\/)(datadog|datadoghq)\/(agent|dogstatsd)$/, ports: [8125, 8126] },
  { product: "Filebeat", repo: /(^|\/)filebeat(-oss)?$/, ports: [] },
  { product: "Promtail", repo: /(^|\/)promtail$/, ports: [9080] },
  { product: "Vector", repo: /(^|\/)vector$/, ports: [8686] },
  { product: "the Jaeger agent", repo: /(^|\/)jaeger-agent$/, ports: [6831, 6832, 5778] },
  { product: "Consul dataplane", repo: /(^|\/)consul-dataplane$/, ports: [20000] },
  { product: "git-sync", repo: /(^|\/)git-sync$/, ports: [],
    when: (argv) => !hasArg(argv, /^--one-time/) },
];

/** "gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.8.0" → "cloud-sql-connectors/cloud-sql-proxy". */
export function imageRepository(image: string): string {
  let ref = image.trim();
  const at = ref.indexOf("@");
  if (at >= 0) ref = ref.slice(0, at);
  const slash = ref.lastIndexOf("/");
  const colon = ref.lastIndexOf(":");
  if (colon > slash) ref = ref.slice(0, colon);
  const parts = ref.split("/");
  const first = parts[0] ?? "";
  if (parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost")) parts.shift();
  return parts.join("/").toLowerCase();
}

/** The container's argv as the runtime would see it, as far as the manifest tells. */
export function containerArgv(c: Pick<Container, "command" | "args">): string[] {
  return [...(c.command ?? []), ...(c.args ?? [])].map((s) => String(s));
}

export function knownSidecar(c: Pick<Container, "image" | "command" | "args">): KnownSidecar | undefined {
  if (!c.image) return undefined;
  const repo = imageRepository(c.image);
  const argv = containerArgv(c);
  const entry = ENTRIES.find((e) => e.repo.test(repo) && (!e.when || e.when(argv)));
  return entry ? { product: entry.product, ports: entry.ports } : undefined;
}
