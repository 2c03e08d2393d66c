#!/usr/bin/env bash
# Installs what pillion needs on a fresh Debian/Ubuntu machine, then its npm dependencies.
# Idempotent: a second run installs nothing. Needs root for the system packages.
#   - conmon, crun and runc: the OCI stack (docs/runtime.md)
#   - iproute2 (ip), util-linux (unshare, nsenter): pod network namespaces
#   - busybox-static: the rootfs of `image: busybox*` containers
#   - openssl: `pillion up` makes its CA and serving certificate with it at first start
#   - Node.js 24 from the npm registry's `node` package, when the system Node is older
#   - chromium (Debian's, ~300 MB with its libraries), only for the timeline chart's screenshot
#     test (test/timeline): installed when missing and either CI=true or `--with-chromium` is
#     given; elsewhere that test skips with the reason
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

missing=()
for pair in conmon:conmon crun:crun runc:runc ip:iproute2 unshare:util-linux nsenter:util-linux busybox:busybox-static openssl:openssl; do
  bin=${pair%%:*}; pkg=${pair#*:}
  command -v "$bin" >/dev/null 2>&1 || [ -x "/usr/sbin/$bin" ] || [ -x "/sbin/$bin" ] || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}" >&2
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends $(printf '%s\n' "${missing[@]}" | sort -u) >/dev/null
fi

with_chromium=false
for arg in "$@"; do [ "$arg" = "--with-chromium" ] && with_chromium=true; done
[ "${CI:-}" = "true" ] && with_chromium=true
if $with_chromium && [ ! -x /usr/bin/chromium ]; then
  echo "setup: installing chromium for the timeline chart test" >&2
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  # Optional: a failure here only makes the screenshot test skip (it says why).
  { $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends chromium >/dev/null; } \
    || echo "setup: chromium could not be installed; the timeline chart's screenshot test will skip" >&2
fi

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 24 ] && [ ! -x "$root/.tools/node/node_modules/.bin/node" ]; then
  echo "setup: system Node is $(node --version 2>/dev/null || echo missing); installing Node 24 into .tools/node" >&2
  mkdir -p "$root/.tools/node"
  (cd "$root/.tools/node" && echo '{"private":true}' > package.json && npm install --no-audit --no-fund --loglevel=error node@24 >/dev/null)
fi
if [ -x "$root/.tools/node/node_modules/.bin/node" ]; then
  export PATH="$root/.tools/node/node_modules/.bin:$PATH"
fi

# The compiled hybrid-cgroup helper for `crun create` (src/oci/native/crun-hybrid.c, docs/runtime.md).
# Optional: without a C compiler, or if the build fails, pillion uses its shell wrapper.
crun_path=$(command -v crun 2>/dev/null || true)
helper="$root/.tools/bin/crun-hybrid"
if [ -n "$crun_path" ] && command -v cc >/dev/null 2>&1; then
  if [ ! -x "$helper" ] || [ "$root/src/oci/native/crun-hybrid.c" -nt "$helper" ] \
     || [ "$("$helper" --pillion-crun-path 2>/dev/null)" != "$crun_path" ]; then
    mkdir -p "$root/.tools/bin"
    cc -O2 -Wall -DCRUN_PATH="\"$crun_path\"" -o "$helper" "$root/src/oci/native/crun-hybrid.c" \
      || echo "setup: could not build $helper; pillion uses its shell wrapper for crun create" >&2
  fi
fi

cd "$root"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
echo "setup: ready (node $(node --version), $(crun --version 2>/dev/null | head -1), $(conmon --version 2>/dev/null | head -1))" >&2
