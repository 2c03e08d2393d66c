// The input half of attach. A container created with stdin has a pipe held by conmon
// (`conmon --stdin`); attach clients write it through conmon's attach socket,
// <socket-dir>/<cuuid>/attach, which is SOCK_SEQPACKET: Node cannot open that kind of socket. A
// perl one-liner does (perl-base is Essential on Debian, and its Socket module knows
// SOCK_SEQPACKET): it copies its stdin to the socket in packets of at most 8 KiB (conmon reads
// 32 KiB at most per packet and would cut a longer one), and at its stdin's EOF it half-closes
// the socket. conmon then closes the container's stdin unless it runs with --leave-stdin-open
// (a container without stdinOnce), as for CRI-O's attach. conmon also sends the container's
// output to every attach client and blocks while a client does not read, so the bridge drains
// (and drops) it: attach's output comes from the CRI log instead (cri-log-follower.ts). Input it
// cannot send yet waits in the bridge (select on both directions), so neither side can stall the
// other. The bridge exits when conmon closes the socket (the container exited) or when killed.
// Measured: `printf 'one\ntwo\n' | bridge` into a `while read` container → "got: one",
// "got: two", then the container saw EOF and exited 0.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { RuntimeError } from "../runtime/runtime.ts";
import { requireBinary } from "./host-tools.ts";

const BRIDGE_START_TIMEOUT_MS = 5000;

export const BRIDGE_SCRIPT = `
use strict; use Socket;
socket(my $s, AF_UNIX, SOCK_SEQPACKET, 0) or die "socket: $!\\n";
connect($s, pack_sockaddr_un($ARGV[0])) or die "connect $ARGV[0]: $!\\n";
$| = 1; print "READY\\n"; binmode STDIN;
my ($open, $pending, $shut) = (1, '', 0);
for (;;) {
  my ($r, $w) = ('', '');
  vec($r, fileno($s), 1) = 1;
  vec($r, 0, 1) = 1 if $open && length($pending) < 65536;
  vec($w, fileno($s), 1) = 1 if length $pending;
  if (select($r, $w, undef, undef) < 0) { next if $!{EINTR}; die "select: $!\\n"; }
  if (vec($r, fileno($s), 1)) { my $n = sysread($s, my $buf, 65536); last unless $n; }
  if (length($pending) && vec($w, fileno($s), 1)) {
    my $n = send($s, substr($pending, 0, 8192), MSG_DONTWAIT);
    substr($pending, 0, $n, '') if defined $n;
  }
  if ($open && vec($r, 0, 1)) { my $n = sysread(STDIN, my $buf, 8192); if ($n) { $pending .= $buf } else { $open = 0 } }
  if (!$open && !length($pending) && !$shut) { shutdown($s, 1); $shut = 1 }
}
`;

/** Connects a bridge to the attach socket; resolves once connected (its stdin is the container's stdin). */
export async function startAttachStdinBridge(socketPath: string): Promise<ChildProcess> {
  const perl = await requireBinary("perl");
  const child = spawn(perl, ["-e", BRIDGE_SCRIPT, socketPath], { stdio: ["pipe", "pipe", "pipe"] });
  child.stdin?.on("error", () => undefined); // EPIPE after the container exited: the end, not an error
  return new Promise((resolve, reject) => {
    let stderr = "";
    let settled = false;
    const finish = (err?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.stdout?.removeAllListeners("data");
      child.stdout?.resume();
      if (!err) {
        resolve(child);
        return;
      }
      child.kill("SIGKILL");
      reject(err instanceof RuntimeError ? err : new RuntimeError("Internal", `attach: ${err.message}`, { cause: err }));
    };
    const timer = setTimeout(() => finish(new Error(`the stdin bridge did not connect within ${BRIDGE_START_TIMEOUT_MS} ms`)), BRIDGE_START_TIMEOUT_MS);
    child.stderr?.setEncoding("utf8").on("data", (d: string) => { stderr += d; });
    child.stdout?.setEncoding("utf8").on("data", (d: string) => { if (d.includes("READY")) finish(); });
    child.once("error", (err) => finish(err));
    child.once("exit", () => finish(new Error(stderr.trim() || "the stdin bridge exited")));
  });
}
