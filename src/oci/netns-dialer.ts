// Dials TCP inside a pod's network namespace through netns-proxy.ts, which is started lazily
// (first probe) per sandbox under `nsenter --net=<pin>`, and stopped with the sandbox. The proxy
// is this process's child and exits when this process goes away (its stdin closes).
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { connect } from "node:net";
import type { Socket } from "node:net";
import { fileURLToPath } from "node:url";

const PROXY_SCRIPT = fileURLToPath(new URL("./netns-proxy.ts", import.meta.url));
const PROXY_START_TIMEOUT_MS = 15_000;

/** A failed dial: code is Node's (ECONNREFUSED…) or TIMEOUT; the caller turns it into Go's text. */
export class DialError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = "DialError";
    this.code = code;
  }
}

export class NetnsDialer {
  readonly #nsenter: string;
  readonly #netnsPath: string;
  readonly #socketPath: string;
  #child: ChildProcess | undefined;
  #ready: Promise<void> | undefined;

  constructor(options: { nsenter: string; netnsPath: string; socketPath: string }) {
    this.#nsenter = options.nsenter;
    this.#netnsPath = options.netnsPath;
    this.#socketPath = options.socketPath;
  }

  /** A connected socket to host:port inside the namespace; rejects with DialError. */
  async dial(host: string, port: number, timeoutMs: number): Promise<Socket> {
    await this.#start();
    return new Promise<Socket>((resolve, reject) => {
      const sock = connect(this.#socketPath);
      let head = Buffer.alloc(0);
      const fail = (err: DialError): void => {
        sock.destroy();
        reject(err);
      };
      const onError = (err: NodeJS.ErrnoException): void => fail(new DialError(err.code ?? "EIO", `netns proxy: ${err.message}`));
      const onEnd = (): void => fail(new DialError("ECONNRESET", "netns proxy closed the connection"));
      sock.once("error", onError);
      sock.once("end", onEnd);
      sock.once("connect", () => sock.write(`CONNECT ${host} ${port} ${Math.max(1, Math.round(timeoutMs))}\n`));
      // 'readable', not 'data': the socket never enters flowing mode here, so once this listener
      // is gone it is back in its initial state and holds what the target sends until the caller
      // reads (pipe, 'data', async iteration), however late (port-forward callers await first).
      const onReadable = (): void => {
        for (let d = sock.read() as Buffer | null; d !== null; d = sock.read() as Buffer | null) {
          head = Buffer.concat([head, d]);
          const nl = head.indexOf(10);
          if (nl < 0) continue;
          sock.off("readable", onReadable);
          const line = head.subarray(0, nl).toString("utf8");
          const rest = head.subarray(nl + 1);
          if (line === "OK") {
            sock.off("error", onError);
            sock.off("end", onEnd);
            if (rest.length > 0) sock.unshift(rest);
            resolve(sock);
            return;
          }
          const [, code = "EIO", ...words] = line.split(" ");
          fail(new DialError(code, words.join(" ")));
          return;
        }
      };
      sock.on("readable", onReadable);
    });
  }

  /** Starts the proxy if needed (callers do this before their timeout starts: Node takes ~0.3 s to boot). */
  ready(): Promise<void> {
    return this.#start();
  }

  #start(): Promise<void> {
    this.#ready ??= new Promise<void>((resolve, reject) => {
      const child = spawn(this.#nsenter, [`--net=${this.#netnsPath}`, process.execPath, "--no-warnings", PROXY_SCRIPT, this.#socketPath], {
        stdio: ["pipe", "pipe", "pipe"],
      });
      this.#child = child;
      let stderr = "";
      let settled = false;
      const timer = setTimeout(() => done(new Error(`netns proxy did not start within ${PROXY_START_TIMEOUT_MS} ms`)), PROXY_START_TIMEOUT_MS);
      const done = (err?: Error): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) {
          this.#ready = undefined;
          this.#child = undefined;
          child.kill("SIGKILL");
          reject(new DialError("EIO", err.message));
        } else {
          resolve();
        }
      };
      child.stderr?.setEncoding("utf8").on("data", (d: string) => { stderr += d; });
      child.stdout?.setEncoding("utf8").on("data", (d: string) => { if (d.includes("READY")) done(); });
      child.on("error", (err) => done(err));
      child.on("exit", (code) => {
        if (this.#child === child) {
          this.#child = undefined;
          this.#ready = undefined;
        }
        done(new Error(`netns proxy exited (${code}): ${stderr.trim()}`));
      });
      // Let this process exit while the proxy runs: the proxy follows when its stdin closes.
      child.unref();
      for (const s of [child.stdin, child.stdout, child.stderr]) (s as unknown as Socket | null)?.unref();
    });
    return this.#ready;
  }

  /** Stops the proxy (idempotent); resolves once it has exited. */
  async close(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    this.#ready = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.ref(); // keep this process alive until the proxy is gone
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  }
}
