// What a container's command does, read from its argv the way a reviewer would: whether it is a
// shell script (`sh -c '...'`), whether it runs forever, and whether its shell stays PID 1
// without handling SIGTERM. Heuristics over text, deliberately conservative: a rule fires only
// on shapes that are unambiguous (an unconditional loop, `sleep infinity`, `tail -f`).

const SHELLS = new Set(["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "busybox"]);

export interface ShellInvocation {
  shell: string;
  script: string;
}

const basename = (s: string): string => s.slice(s.lastIndexOf("/") + 1);

/** `sh -c SCRIPT`, `/bin/bash -ec SCRIPT`, `bash -o pipefail -c SCRIPT`, `busybox sh -c SCRIPT`. */
export function shellInvocation(argv: readonly string[]): ShellInvocation | undefined {
  let i = 0;
  let shell = basename(argv[0] ?? "");
  if (shell === "busybox") {
    i = 1;
    shell = basename(argv[1] ?? "");
  }
  if (!SHELLS.has(shell) || shell === "busybox") return undefined;
  for (let j = i + 1; j < argv.length; j++) {
    const a = argv[j] ?? "";
    if (a === "-o" || a === "+o") { j++; continue; }
    if (!a.startsWith("-") || a === "--") return undefined;
    if (/^-[a-z]*c[a-z]*$/.test(a)) {
      const script = argv[j + 1];
      return script === undefined ? undefined : { shell, script };
    }
  }
  return undefined;
}

/** The script without comments and quoted strings, for shape tests that must ignore text. */
function skeleton(script: string): string {
  return script
    .replace(/'[^']*'/g, "''")
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .split("\n")
    .map((line) => line.replace(/(^|\s)#.*$/, ""))
    .join("\n");
}

const FOREVER_LOOP = /\b(while\s+(true|:|\[\s*(1|true)\s*\]|sleep\b)|until\s+(false|\[\s*0\s*=\s*1\s*\])|for\s*\(\(\s*;\s*;\s*\)\))/;
const LEAVES_LOOP = /\b(break|exit)\b/;
const SLEEP_FOREVER = /\bsleep\s+(infinity|inf)\b/;
const TAIL_FOLLOW = /\btail\b[^\n;|&]*\s(-[a-zA-Z0-9+]*[fF][a-zA-Z0-9+]*|--follow\S*)(\s|$)/;

/** Whether the container's command never finishes on its own. */
export function runsForever(argv: readonly string[]): boolean {
  const cmd = basename(argv[0] ?? "");
  if (cmd === "sleep") return /^(infinity|inf)$/.test(argv[1] ?? "") || Number(argv[1]) >= 86400;
  if (cmd === "tail") return argv.slice(1).some((a) => /^-[a-zA-Z0-9+]*[fF]/.test(a) || a.startsWith("--follow"));
  const sh = shellInvocation(argv);
  if (!sh) return false;
  const s = skeleton(sh.script);
  if (FOREVER_LOOP.test(s) && !LEAVES_LOOP.test(s)) return true;
  return SLEEP_FOREVER.test(s) || TAIL_FOLLOW.test(` ${s}`);
}

/**
 * A single simple command (`tail -F /x`, `exec foo`): bash, dash and busybox ash exec the last
 * command of `-c` instead of forking, so the program itself becomes PID 1.
 */
export function isSimpleCommand(script: string): boolean {
  const s = skeleton(script).trim();
  if (!s) return true;
  if (/\n/.test(s)) return false;
  if (/[;|&`]|\$\(|\(\(/.test(s)) return false;
  return !/^(while|until|for|if|case|function|\{|\()\b/.test(s);
}

const TRAP_TERM = /\btrap\b[^\n]*\b(SIGTERM|TERM|15)\b/;
const EXEC_PROGRAM = /(^|[;&|\n({]|\bthen|\bdo|\belse)\s*exec\s+[^\s<>&0-9]/;

/**
 * A shell that stays PID 1 with no SIGTERM handler: the kernel does not deliver a signal whose
 * action is default to PID 1 of a PID namespace, so the shell ignores the kubelet's SIGTERM and
 * dies only by SIGKILL when the grace period ends (exit 137).
 */
export function shellIgnoresSigterm(argv: readonly string[]): boolean {
  const sh = shellInvocation(argv);
  if (!sh) return false;
  if (isSimpleCommand(sh.script)) return false;
  const s = sh.script;
  return !TRAP_TERM.test(s) && !EXEC_PROGRAM.test(skeleton(s));
}
