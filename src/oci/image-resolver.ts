// Which root file system an image name means. pillion cannot pull images yet; it knows three:
// busybox (built from the host's busybox-static), the host image (the host's /usr and /etc,
// read-only, for containers that bring their own command) and whatever the image map names.
// Pure: the rootfs itself is prepared by image-store.ts.
import { RuntimeError } from "../runtime/runtime.ts";

/** A host path bound read-only into every container of a mapped image. */
export interface ImageBind {
  /** Absolute host path (image-map-file.ts resolves relative ones against the map file). */
  source: string;
  /** Absolute path in the container; created if missing (on the host image's writable root). */
  destination: string;
}

export interface ImageMapEntry {
  /** A directory used as the container's root (read-only; /tmp is a tmpfs). */
  rootfs?: string;
  /** The image's ENTRYPOINT: the pod's `command` replaces it; the pod's `args` follow it, replacing `cmd`. */
  entrypoint?: string[];
  /** The older name of `entrypoint` (used when `entrypoint` is absent). */
  command?: string[];
  /** The image's CMD: the pod's `args` (or `command`) replace it. */
  cmd?: string[];
  /** Run on the host image (host /usr and /etc read-only). */
  hostImage?: boolean;
  /** Host files or directories bound read-only into the container (a program, its runtime). */
  binds?: ImageBind[];
}

export type ImageMap = Record<string, ImageMapEntry>;

export type ResolvedImage =
  | { kind: "busybox"; name: string; imageRef: string; entrypoint: string[]; cmd: string[] }
  | { kind: "host"; name: string; imageRef: string; entrypoint: string[]; cmd: string[]; binds?: ImageBind[] }
  | { kind: "rootfs"; name: string; imageRef: string; rootfs: string; entrypoint: string[]; cmd: string[]; binds?: ImageBind[] };

const BUSYBOX = /^(?:(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\/)?(?:library\/)?busybox(?::[\w][\w.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$/;

/** "busybox" → "docker.io/library/busybox:latest", as the kubelet/CRI-O show image names. */
export function normalizeImageName(image: string): string {
  let name = image.trim();
  const firstSlash = name.indexOf("/");
  const first = firstSlash < 0 ? "" : name.slice(0, firstSlash);
  const hasRegistry = first.includes(".") || first.includes(":") || first === "localhost";
  if (!hasRegistry) name = `docker.io/${name.includes("/") ? name : `library/${name}`}`;
  const lastPart = name.slice(name.lastIndexOf("/") + 1);
  if (!lastPart.includes(":") && !lastPart.includes("@")) name += ":latest";
  return name;
}

/**
 * Resolves a container's image. Order: the image map (exact or normalized name), then busybox,
 * then (unless hostImageFallback is false) the host image when the container brings a command
 * or args; otherwise ImageNotFound.
 */
export function resolveImage(image: string, imageMap: ImageMap, hasCommand: boolean, hostImageFallback = true): ResolvedImage {
  const normalized = normalizeImageName(image);
  const mapped = imageMap[image] ??
    Object.entries(imageMap).find(([k]) => normalizeImageName(k) === normalized)?.[1];
  if (mapped) {
    const entrypoint = mapped.entrypoint ?? mapped.command ?? [];
    const cmd = mapped.cmd ?? [];
    const binds = mapped.binds && mapped.binds.length > 0 ? { binds: mapped.binds } : {};
    if (mapped.rootfs !== undefined && !mapped.hostImage) {
      return { kind: "rootfs", name: normalized, imageRef: `pillion.local/rootfs${mapped.rootfs}`, rootfs: mapped.rootfs, entrypoint, cmd, ...binds };
    }
    return { kind: "host", name: normalized, imageRef: "pillion.local/host", entrypoint, cmd, ...binds };
  }
  if (BUSYBOX.test(image)) {
    return { kind: "busybox", name: normalized, imageRef: "pillion.local/busybox-static", entrypoint: [], cmd: ["sh"] };
  }
  if (hasCommand && hostImageFallback) return { kind: "host", name: normalized, imageRef: "pillion.local/host", entrypoint: [], cmd: [] };
  throw new RuntimeError(
    "ImageNotFound",
    `pillion cannot pull images yet: "${image}" is not a known image; give the container a command to run it on the host image, or map it with --image-map`,
  );
}

/**
 * The process argv, with Docker/Kubernetes semantics: `command` replaces the image's entrypoint
 * (and drops its cmd), `args` replace the image's cmd.
 */
export function computeProcessArgs(image: ResolvedImage, command: string[], args: string[]): string[] {
  if (command.length > 0) return [...command, ...args];
  return [...image.entrypoint, ...(args.length > 0 ? args : image.cmd)];
}
