// `kubectl get endpointslices`: printEndpointSlice, formatDiscoveryPorts,
// formatDiscoveryEndpoints and listWithMoreString of pkg/printers/internalversion/printers.go.
import { translateTimestampSince } from "../../printers/human-duration.ts";
import { AGE_COLUMN, NAME_COLUMN, column, type MetaLike } from "./columns.ts";
import type { TablePrinter } from "./table-printer.ts";

interface EndpointSliceLike extends MetaLike {
  addressType?: string;
  ports?: { name?: string; port?: number }[] | null;
  endpoints?: { addresses?: string[] }[] | null;
}

const MAX_LISTED = 3;

/** listWithMoreString: the first 3 joined by ",", then " + N more..."; "<unset>" when empty. */
function listWithMore(items: readonly string[]): string {
  const shown = items.slice(0, MAX_LISTED).join(",");
  if (items.length > MAX_LISTED) return `${shown} + ${items.length - MAX_LISTED} more...`;
  return shown || "<unset>";
}

/** formatDiscoveryPorts: the port number, else its name, else "*". */
export const formatDiscoveryPorts = (ports: EndpointSliceLike["ports"]): string =>
  listWithMore((ports ?? []).map((p) => (p.port !== undefined ? String(p.port) : p.name !== undefined ? p.name : "*")));

/** formatDiscoveryEndpoints: every address of every endpoint. */
export const formatDiscoveryEndpoints = (endpoints: EndpointSliceLike["endpoints"]): string =>
  listWithMore((endpoints ?? []).flatMap((e) => e.addresses ?? []));

export const endpointSlicePrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column("AddressType", "string", "addressType specifies the type of address carried by this EndpointSlice."),
    column("Ports", "string", "ports specifies the list of network ports exposed by each endpoint in this slice."),
    column("Endpoints", "string", "endpoints is a list of unique endpoints in this slice."),
    AGE_COLUMN,
  ],
  rows(obj, now) {
    const eps = obj as EndpointSliceLike;
    return [{
      cells: [
        eps.metadata?.name ?? "", eps.addressType ?? "", formatDiscoveryPorts(eps.ports), formatDiscoveryEndpoints(eps.endpoints),
        translateTimestampSince(eps.metadata?.creationTimestamp, now),
      ],
    }];
  },
};
