// kubectl exec / attach: the protocol switch and the session behind it. The caller (the pods/exec
// or pods/attach handler) has found the pod and container; this reads the stream options, picks the
// protocol (negotiate-protocol.ts) and, once the connection is up, runs the session over it:
// WebSocket channels (websocket-remote-command.ts) or SPDY streams (spdy-remote-command.ts).
// start() runs the command (or attaches) once the client's streams are ready, as the kubelet's
// ServeExec/ServeAttach do after createStreams.
import type { Duplex } from "node:stream";
import type { Clock } from "../../../machinery/clock.ts";
import { jsonResponse, JSON_TYPE, type ApiRequest, type ApiResponse } from "../../api-types.ts";
import { errorResponse } from "../../errors.ts";
import type { SpdyServerConnection } from "../spdy/spdy-types.ts";
import { isUpgradeRequest, negotiateRemoteCommandProtocol } from "./negotiate-protocol.ts";
import { remoteCommandOptions, type RemoteCommandOptions } from "./remote-command-options.ts";
import type { StartSession } from "./remote-command-session.ts";
import type { RemoteCommandOperation } from "./remote-command-status.ts";
import { serveSpdyRemoteCommand } from "./spdy-remote-command.ts";
import { serveWebSocketRemoteCommand } from "./websocket-remote-command.ts";

export interface RemoteCommandUpgradeOptions {
  /** Starts the process (exec) or attaches (attach) with the streams the client asked for. */
  start: StartSession;
  /** The SPDY/3.1 server side (spdy/spdy-connection.ts), injected. */
  serveSpdy: (socket: Duplex, options: { log: (m: string) => void }) => SpdyServerConnection;
  log: (m: string) => void;
  /** Bounds SPDY's wait for the client's streams (30 s); without one that wait is unbounded. */
  clock?: Clock;
  /**
   * "exec" (default): a non-zero exit is a NonZeroExitCode Failure, a start() failure reads
   * "error executing command in container: …". "attach": any end is a Success, a failure reads
   * "error attaching to container: …".
   */
  operation?: RemoteCommandOperation;
}

export type { RemoteCommandOptions, StartSession };

/**
 * The response to an exec/attach request: a 101 whose serve() runs the session, or a Status
 * (400 "Upgrade request required", 400 "you must specify at least 1 of stdin, stdout, stderr",
 * 400/403 when no protocol can be agreed).
 */
export function remoteCommandUpgrade(req: ApiRequest, o: RemoteCommandUpgradeOptions): ApiResponse {
  const operation = o.operation ?? "exec";
  const negotiated = negotiateRemoteCommandProtocol(req.headers);
  // The upgrade check comes first (the API server's proxy), the stream options next (the kubelet),
  // the protocol last.
  let streams: RemoteCommandOptions = { stdin: false, stdout: false, stderr: false, tty: false };
  if (isUpgradeRequest(req.headers)) {
    try {
      streams = remoteCommandOptions(req.query);
    } catch (e) {
      return errorResponse(e, o.log);
    }
  }
  const session = { streams, operation, start: o.start, log: o.log };
  const failed = (e: unknown): void => o.log(`${operation}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  switch (negotiated.transport) {
    case "refused":
      return jsonResponse(negotiated.error.code, negotiated.error.status, JSON_TYPE, negotiated.headers);
    case "websocket":
      return {
        status: 101, upgrade: "websocket", protocol: negotiated.protocol,
        serve: (conn) => {
          serveWebSocketRemoteCommand(conn, { ...session, version: negotiated.version, base64: negotiated.base64 }).catch(failed);
        },
      };
    case "spdy":
      return {
        status: 101, upgrade: "spdy", protocol: negotiated.protocol,
        serve: (socket) => {
          const conn = o.serveSpdy(socket, { log: o.log });
          const options = o.clock ? { ...session, version: negotiated.version, clock: o.clock } : { ...session, version: negotiated.version };
          serveSpdyRemoteCommand(conn, options).catch(failed);
        },
      };
  }
}
