// $(VAR) expansion (third_party/forked/golang/expansion): `$(NAME)` becomes NAME's value when
// defined, `$$` becomes `$`, anything else is left as written.

export function expand(input: string, lookup: (name: string) => string | undefined): string {
  let out = "";
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (ch !== "$" || i + 1 >= input.length) { out += ch; continue; }
    const next = input[i + 1];
    if (next === "$") { out += "$"; i++; continue; }
    if (next === "(") {
      const close = input.indexOf(")", i + 2);
      if (close < 0) { out += input.slice(i); break; }
      const name = input.slice(i + 2, close);
      const value = lookup(name);
      out += value ?? `$(${name})`;
      i = close;
      continue;
    }
    out += ch;
  }
  return out;
}
