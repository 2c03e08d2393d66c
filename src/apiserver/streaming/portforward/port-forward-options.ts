// What a port-forward request names, checked with the texts Kubernetes gives:
// - a SPDY stream's headers: kubelet httpStreamReceived (cri/streaming/portforward/httpstream.go);
// - the WebSocket `ports` query: the API server's Convert_Slice_string_To_Slice_int32 (metav1
//   conversion of PodPortForwardOptions), then the kubelet's NewV4Options (websocket.go), which
//   sees the ports as `port` parameters.
// Outcomes are data: `{ error }` carries the exact message.

export type Checked<T> = T | { error: string };

/** Go's strconv.Quote for the strings these messages quote (printable text stays as is). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

/** strconv.ParseUint(s, 10, 16) with Go's error text. */
export function parseUint16(s: string): Checked<{ value: number }> {
  if (!/^[0-9]+$/.test(s)) return { error: `strconv.ParseUint: parsing ${goQuote(s)}: invalid syntax` };
  const value = Number(s);
  if (value > 0xffff) return { error: `strconv.ParseUint: parsing ${goQuote(s)}: value out of range` };
  return { value };
}

export type PortForwardStreamType = "error" | "data";

/** kubelet httpStreamReceived: a stream needs a valid `port` and `streamType` header. */
export function checkPortForwardStream(headers: Readonly<Record<string, string>>): Checked<{ port: number; streamType: PortForwardStreamType }> {
  const portString = headers.port ?? "";
  if (portString.length === 0) return { error: `"port" header is required` };
  const parsed = parseUint16(portString);
  if ("error" in parsed) return { error: `unable to parse ${goQuote(portString)} as a port: ${parsed.error}` };
  if (parsed.value < 1) return { error: `port ${goQuote(portString)} must be > 0` };
  const streamType = headers.streamtype ?? "";
  if (streamType.length === 0) return { error: `"streamType" header is required` };
  if (streamType !== "error" && streamType !== "data") return { error: `invalid stream type ${goQuote(streamType)}` };
  return { port: parsed.value, streamType };
}

/**
 * The ports of a WebSocket port-forward request (`ports=8080` or `ports=80,443` or repeated):
 * first the API server's conversion, then the kubelet's checks.
 */
export function checkWebSocketPorts(query: URLSearchParams): Checked<{ ports: number[] }> {
  const ports: number[] = [];
  for (const value of query.getAll("ports")) {
    for (const v of value.split(",")) {
      const parsed = parseUint16(v);
      if ("error" in parsed) return { error: `cannot convert to []int32: ${parsed.error}` };
      ports.push(parsed.value);
    }
  }
  if (ports.length === 0) return { error: `query parameter "port" is required` };
  const zero = ports.find((p) => p < 1);
  if (zero !== undefined) return { error: `port "${zero}" must be > 0` };
  return { ports };
}
