# Source this to put pillion's Node 24 on PATH: `. scripts/env.sh`
_pillion_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ -x "$_pillion_root/.tools/node/node_modules/.bin/node" ]; then
  export PATH="$_pillion_root/.tools/node/node_modules/.bin:$PATH"
fi
unset _pillion_root
