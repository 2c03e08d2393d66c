// The SPDY remote-command protocols (channel.k8s.io, v2–v4) over a SpdyServerConnection. Mirrors
// the kubelet's createHTTPStreamStreams and v1–v4 protocol handlers
// (pkg/kubelet/cri/streaming/remotecommand/httpstream.go):
// - the client opens one stream per channel, named by its `streamtype` header: error always, then
//   stdin, stdout, stderr as asked, and resize when tty (v3 and v4 only);
// - the session starts only once every expected stream is there, in whatever order they came; if
//   they are not all there within the stream-creation timeout (30 s,
//   DefaultStreamCreationTimeout) nothing starts and the connection is closed;
// - a stream of an unknown or unexpected type, or a second one of a type, is logged and left
//   unused (closed with the connection); it does not count;
// - resize carries a sequence of JSON TerminalSize objects; the error stream gets the Status (v4:
//   JSON; v1–v3: a failure's message);
// - at the end every stream is ended (FIN) once its data is out, then the connection is closed.
import type { Duplex } from "node:stream";
import type { Clock, Timer } from "../../../machinery/clock.ts";
import type { SpdyServerConnection, SpdyStream } from "../spdy/spdy-types.ts";
import type { RemoteCommandOptions } from "./remote-command-options.ts";
import { RemoteCommandSession, type StartSession } from "./remote-command-session.ts";
import { encodeStatus, type RemoteCommandOperation } from "./remote-command-status.ts";
import { writeChunk } from "./stdin-relay.ts";
import { TerminalSizeDecoder } from "./terminal-size-decoder.ts";
import type { SpdyVersion } from "./negotiate-protocol.ts";

/** remotecommandconsts.DefaultStreamCreationTimeout. */
export const STREAM_CREATION_TIMEOUT_MS = 30_000;
/**
 * How long the end of a session waits for its last bytes to leave before the connection is closed
 * anyway (a client that neither reads nor closes); the API server's stream translator's
 * finishTimeout.
 */
export const FINISH_TIMEOUT_MS = 15 * 60_000;

type StreamType = "error" | "stdin" | "stdout" | "stderr" | "resize";

export interface SpdyRemoteCommandOptions {
  version: SpdyVersion;
  streams: RemoteCommandOptions;
  operation: RemoteCommandOperation;
  start: StartSession;
  log: (m: string) => void;
  /**
   * Bounds the wait for the client's streams and for the last bytes at the end. Without one, those
   * waits end only with the connection.
   */
  clock?: Clock;
  streamCreationTimeoutMs?: number;
  finishTimeoutMs?: number;
}

/** The stream types a session waits for (the kubelet's expectedStreams). */
export function expectedStreamTypes(streams: RemoteCommandOptions, version: SpdyVersion): StreamType[] {
  const types: StreamType[] = ["error"];
  if (streams.stdin) types.push("stdin");
  if (streams.stdout) types.push("stdout");
  if (streams.stderr) types.push("stderr");
  if (streams.tty && version >= 3) types.push("resize");
  return types;
}

/** Resolves once a written stream has flushed its end, or is gone. */
function finished(d: Duplex): Promise<void> {
  if (d.writableFinished || d.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    d.once("finish", () => resolve());
    d.once("close", () => resolve());
    d.once("error", () => resolve());
  });
}

/**
 * Waits for the expected streams: the map of them, or undefined when the timeout fired or the
 * connection went away first.
 */
function waitForStreams(conn: SpdyServerConnection, expected: StreamType[], all: SpdyStream[], o: SpdyRemoteCommandOptions): Promise<Map<StreamType, SpdyStream> | undefined> {
  return new Promise((resolve) => {
    const got = new Map<StreamType, SpdyStream>();
    let waiting = true;
    let timer: Timer | undefined;
    const done = (result: Map<StreamType, SpdyStream> | undefined): void => {
      if (!waiting) return;
      waiting = false;
      timer?.cancel();
      resolve(result);
    };
    conn.onStream((s) => {
      all.push(s);
      s.stream.on("error", (e) => o.log(`spdy stream ${s.id}: ${e.message}`));
      const type = s.headers["streamtype"] ?? "";
      if (!waiting || !expected.includes(type as StreamType) || got.has(type as StreamType)) {
        o.log(`unexpected stream type: ${JSON.stringify(type)}`);
        return;
      }
      got.set(type as StreamType, s);
      if (got.size === expected.length) done(got);
    });
    if (o.clock) {
      timer = o.clock.setTimer(o.streamCreationTimeoutMs ?? STREAM_CREATION_TIMEOUT_MS, () => {
        o.log("timed out waiting for client to create streams");
        done(undefined);
      });
    }
    void conn.closed.then(() => done(undefined));
  });
}

/** Serves one session; resolves once the connection is closed. */
export async function serveSpdyRemoteCommand(conn: SpdyServerConnection, o: SpdyRemoteCommandOptions): Promise<void> {
  const all: SpdyStream[] = [];
  const streams = await waitForStreams(conn, expectedStreamTypes(o.streams, o.version), all, o);
  if (!streams) { conn.close(); return; }

  const out = (type: "stdout" | "stderr"): ((c: Uint8Array) => Promise<void>) | null => {
    const s = streams.get(type);
    return s ? (c) => writeChunk(s.stream, c) : null;
  };
  const session = new RemoteCommandSession({
    streams: o.streams, operation: o.operation, start: o.start, stdout: out("stdout"), stderr: out("stderr"), log: o.log,
  });
  void conn.closed.then(() => session.clientGone());

  const stdin = streams.get("stdin");
  if (stdin) void (async () => {
    for await (const chunk of stdin.stream as AsyncIterable<Uint8Array>) await session.stdin.write(chunk);
    session.stdin.end();
  })().catch((e: unknown) => o.log(`stdin: ${e instanceof Error ? e.message : String(e)}`));

  const resize = streams.get("resize");
  if (resize) {
    const decoder = new TerminalSizeDecoder();
    resize.stream.on("data", (chunk: Uint8Array) => { for (const size of decoder.push(chunk)) session.resize(size); });
  }

  const status = await session.run();
  const error = streams.get("error");
  if (status && error && !session.gone) {
    const bytes = encodeStatus(status, o.version);
    if (bytes) await writeChunk(error.stream, bytes);
  }
  for (const s of all) if (!s.stream.writableEnded && !s.stream.destroyed) s.stream.end();
  let timer: Timer | undefined;
  const timeout = new Promise<void>((resolve) => { timer = o.clock?.setTimer(o.finishTimeoutMs ?? FINISH_TIMEOUT_MS, resolve); });
  await Promise.race([Promise.all(all.map((s) => finished(s.stream))), conn.closed, timeout]);
  timer?.cancel();
  conn.close();
}
