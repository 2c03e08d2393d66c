// The kubelet's SPDY port-forward protocol (portforward.k8s.io) over a SpdyServerConnection:
// httpStreamHandler in pkg/kubelet/cri/streaming/portforward/httpstream.go. Per local
// connection kubectl opens an `error` and a `data` stream carrying the same `requestID`; once
// both are there the pair is forwarded (forward-port.ts). Many request ids run at once.
//
// Differences from the kubelet: it rejects a stream with bad headers before the SYN_REPLY (the
// stream is reset, the text only logged); our connection has already replied, so the stream
// gets SYN_REPLY then RST_STREAM, and the same text is logged. No stream-creation timeout (the
// kubelet's 30 s "timed out waiting for streams"): a half pair waits until its stream closes
// or the connection goes away, which also frees it.
import type { SpdyServerConnection, SpdyStream } from "../spdy/spdy-types.ts";
import { forwardPort, type PortForwardTarget } from "./forward-port.ts";
import { checkPortForwardStream } from "./port-forward-options.ts";

interface StreamPair {
  requestId: string;
  data?: SpdyStream;
  error?: SpdyStream;
}

/**
 * kubelet requestID(): the `requestid` header, or for clients too old to send one, a guess
 * from the stream id (error streams id, data streams id - 2).
 */
function requestIdOf(s: SpdyStream, streamType: "error" | "data"): string {
  const header = s.headers.requestid ?? "";
  if (header.length > 0) return header;
  return String(streamType === "error" ? s.id : s.id - 2);
}

export function servePortForward(conn: SpdyServerConnection, target: PortForwardTarget, options: { log: (m: string) => void }): void {
  const { log } = options;
  /** Pairs still waiting for their second stream. */
  const pairs = new Map<string, StreamPair>();

  conn.onStream((s) => {
    s.stream.on("error", (e) => log(`port-forward: stream ${s.id}: ${e.message}`));
    const checked = checkPortForwardStream(s.headers);
    if ("error" in checked) {
      log(`Stream rejected: ${checked.error}`);
      s.reset();
      return;
    }
    const { streamType } = checked;
    // The client half-closes the error stream at once and never writes to it: drain it.
    if (streamType === "error") s.stream.resume();
    const requestId = requestIdOf(s, streamType);
    let pair = pairs.get(requestId);
    if (!pair) {
      pair = { requestId };
      pairs.set(requestId, pair);
    }
    if (pair[streamType]) {
      const message = `error processing stream for request ${requestId}: ${streamType} stream already assigned`;
      log(message);
      pair.error?.stream.write(message); // kubelet printError: on the pair's error stream
      s.reset();
      return;
    }
    pair[streamType] = s;
    const { data, error } = pair;
    if (!data || !error) {
      // Free the half pair if its stream goes away before the other arrives.
      const waiting = pair;
      s.stream.once("close", () => { if (pairs.get(requestId) === waiting) pairs.delete(requestId); });
      return;
    }
    pairs.delete(requestId);
    // The kubelet forwards to the data stream's port.
    const port = Number(data.headers.port);
    void forwardPort({ port, data: data.stream, error: error.stream, target, log });
  });

  void conn.closed.then(() => pairs.clear());
}
