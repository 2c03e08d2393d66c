// POSIX shell single-quoting, for the few commands pillion builds as one string (`script -c`,
// the conformance harness's busybox scripts).
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
