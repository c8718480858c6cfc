#!/usr/bin/env bash
# Installs everything Xpiler needs on a fresh Debian 12 machine (as root), then the package into a venv.
set -euo pipefail
VENV=${1:-.venv}
need_apt=()
command -v g++ >/dev/null || need_apt+=(g++)
command -v addr2line >/dev/null || need_apt+=(binutils)
[ -f /usr/include/simde/x86/avx512.h ] || need_apt+=(libsimde-dev)
python3 -c 'import venv, ensurepip' 2>/dev/null || need_apt+=(python3-venv)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq "${need_apt[@]}"
  else
    echo "setup: missing Debian packages ${need_apt[*]} and not root; install them first" >&2; exit 1
  fi
fi
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
"$VENV/bin/python" -m pip install -q -e '.[test]'
# Optional vendor compilers are detected, never required.
for tool in nvcc hipcc; do
  if command -v $tool >/dev/null; then echo "setup: found $tool"; else echo "setup: $tool not found (optional)"; fi
done
