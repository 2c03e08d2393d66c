// Which API call a request is: mirrors apiserver's RequestInfoFactory.NewRequestInfo
// (staging/src/k8s.io/apiserver/pkg/endpoints/request/requestinfo.go), trimmed to what pillion
// serves. Paths:
//   /api/v1[/namespaces/{ns}]/{resource}[/{name}[/{subresource}]]
//   /apis/{group}/{version}[/namespaces/{ns}]/{resource}[/{name}[/{subresource}]]
// "/api/v1/namespaces/{name}" is the Namespace itself; "/api/v1/namespaces/{name}/status" (and
// /finalize) is its subresource, as in Kubernetes.

export type Verb = "get" | "list" | "watch" | "create" | "update" | "patch" | "delete" | "deletecollection";

export interface ResourceRequestInfo {
  group: string;
  version: string;
  namespace: string;
  resource: string;
  name: string;
  subresource: string;
  verb: Verb;
}

const namespaceSubresources = new Set(["status", "finalize"]);

/** undefined: not a resource path (discovery, /version, ... or unknown). */
export function parseRequestInfo(method: string, path: string, query: URLSearchParams): ResourceRequestInfo | undefined {
  let parts = path.split("/").filter((p) => p !== "").map((p) => {
    try { return decodeURIComponent(p); } catch { return p; }
  });
  let group: string;
  let version: string;
  if (parts[0] === "api" && parts.length >= 3) {
    group = "";
    version = parts[1] ?? "";
    parts = parts.slice(2);
  } else if (parts[0] === "apis" && parts.length >= 4) {
    group = parts[1] ?? "";
    version = parts[2] ?? "";
    parts = parts.slice(3);
  } else {
    return undefined;
  }
  let watchPath = false;
  if (parts[0] === "watch") { watchPath = true; parts = parts.slice(1); }
  let namespace = "";
  if (parts[0] === "namespaces" && parts.length >= 2) {
    namespace = parts[1] ?? "";
    if (parts.length >= 3 && !namespaceSubresources.has(parts[2] ?? "")) parts = parts.slice(2);
  }
  const resource = parts[0] ?? "";
  const name = parts[1] ?? "";
  const subresource = parts[2] ?? "";
  if (!resource || parts.length > 3) return undefined;
  if (resource === "namespaces" && parts.length >= 2) namespace = "";
  const watch = watchPath || ["true", "1"].includes(query.get("watch") ?? "");
  let verb: Verb;
  switch (method) {
    case "GET": case "HEAD": verb = watch ? "watch" : name ? "get" : "list"; break;
    case "POST": verb = "create"; break;
    case "PUT": verb = "update"; break;
    case "PATCH": verb = "patch"; break;
    case "DELETE": verb = name ? "delete" : "deletecollection"; break;
    default: return undefined;
  }
  return { group, version, namespace, resource, name, subresource, verb };
}
