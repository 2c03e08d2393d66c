// pods/exec, pods/attach and pods/portforward. The API server's part is ExecLocation /
// AttachLocation / PortForwardLocation (pkg/registry/core/pod/strategy.go): the pod must exist,
// the container name must be valid (chosen as for logs), the pod must be on a node. The
// kubelet's part (pod-streams.ts) finds the running container or ready sandbox, and its
// failures are plain-text 500s before the protocol switch, as the kubelet's streaming server
// answers through the API server's proxy. The protocols themselves live in ../streaming/.
import type { Pod } from "../../api/core.ts";
import { StreamTargetError } from "../../kubelet/pod-streams.ts";
import { newBadRequest } from "../../machinery/status-error.ts";
import type { ApiResponse } from "../api-types.ts";
import { portForwardUpgrade } from "../streaming/portforward/port-forward-upgrade.ts";
import { remoteCommandUpgrade } from "../streaming/remotecommand/remote-command-upgrade.ts";
import { serveSpdy } from "../streaming/spdy/spdy-connection.ts";
import type { HandlerContext } from "./handler-context.ts";
import { chooseContainer } from "./logs.ts";

const kubeletError = (e: StreamTargetError): ApiResponse => ({ status: 500, headers: { "content-type": "text/plain; charset=utf-8" }, body: e.message });

async function scheduledPod(ctx: HandlerContext): Promise<Pod> {
  const pod = await ctx.served.registry.get(ctx.info.namespace, ctx.info.name) as Pod;
  if (!pod.spec.nodeName) throw newBadRequest(`pod ${ctx.info.name} does not have a host assigned`);
  return pod;
}

function streamsOf(ctx: HandlerContext): NonNullable<HandlerContext["streams"]> {
  if (!ctx.streams) throw newBadRequest(`pods/${ctx.info.subresource ?? ""} is not served by this server (no kubelet)`);
  return ctx.streams;
}

export async function handleRemoteCommand(ctx: HandlerContext, kind: "exec" | "attach"): Promise<ApiResponse> {
  const streams = streamsOf(ctx);
  const q = ctx.req.query;
  const pod = await ctx.served.registry.get(ctx.info.namespace, ctx.info.name) as Pod;
  // streamLocation: the container is checked before the node.
  const container = chooseContainer(pod, q.get("container") ?? "");
  if (!pod.spec.nodeName) throw newBadRequest(`pod ${ctx.info.name} does not have a host assigned`);
  let containerId: string;
  try {
    ({ containerId } = await streams.findContainer(pod, container));
  } catch (e) {
    if (e instanceof StreamTargetError) return kubeletError(e);
    throw e;
  }
  const argv = q.getAll("command");
  return remoteCommandUpgrade(ctx.req, {
    // A rejection becomes the kubelet's "error executing command in container: …" Status.
    start: (s) => kind === "exec"
      ? streams.exec(containerId, argv, { stdin: s.stdin, tty: s.tty })
      : streams.attach(containerId, { stdin: s.stdin, tty: s.tty }),
    serveSpdy,
    operation: kind,
    clock: ctx.clock,
    log: ctx.log,
  });
}

export async function handlePortForward(ctx: HandlerContext): Promise<ApiResponse> {
  const streams = streamsOf(ctx);
  const pod = await scheduledPod(ctx);
  let sandboxId: string;
  try {
    ({ sandboxId } = await streams.findSandbox(pod));
  } catch (e) {
    if (e instanceof StreamTargetError) return kubeletError(e);
    throw e;
  }
  // With a CRI runtime the kubelet's streaming server names the sandbox, and no uid, in its
  // "error forwarding port" text (as kind and minikube print it).
  return portForwardUpgrade(ctx.req, { podName: sandboxId, uid: "", dial: (port) => streams.dialPort(sandboxId, port) }, { log: ctx.log });
}
