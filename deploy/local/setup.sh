#!/usr/bin/env bash
# Creates the project venv with uv (itself installed from PyPI into a private tool venv) and
# generates the contracts. Idempotent and quick when nothing changed.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
UV_VERSION=0.13.8
TOOLS="$POTRET_CACHE/tools"

find_python() {
  local c
  for c in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [[ -n "$c" ]] || continue
    if command -v "$c" >/dev/null && "$c" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      command -v "$c"; return 0
    fi
  done
  die "Python 3.11 or newer is required"
}

if [[ ! -x "$TOOLS/bin/uv" ]] || [[ "$("$TOOLS/bin/uv" --version | awk '{print $2}')" != "$UV_VERSION" ]]; then
  py="$(find_python)"
  log "installing uv $UV_VERSION into $TOOLS (from PyPI)"
  "$py" -m venv "$TOOLS"
  "$TOOLS/bin/pip" install --quiet --disable-pip-version-check "uv==$UV_VERSION"
fi
export UV_PYTHON_DOWNLOADS=never
log "syncing the workspace venv (.venv) from uv.lock"
# Bytecode compiled at install: the environment may forbid writing it at import time
# (PYTHONDONTWRITEBYTECODE), and then every Python process compiled ~1,000 modules from
# source as it started (5.2-6.0 s -> 2.3 s to import the search service and the gateway).
"$TOOLS/bin/uv" sync --frozen --python "$(find_python)" --quiet --compile-bytecode
log "generating contracts from proto/"
PYTHON="$POTRET_ROOT/.venv/bin/python" bash "$POTRET_ROOT/deploy/local/gen-proto.sh"
# The workspace's own packages are installed editable (their sources): compile them too, into
# their __pycache__ (ignored by git); a module changed later is compiled again at the next
# setup, and read from source meanwhile. Only an optimisation: a file that does not compile
# is printed (ruff and the tests name it too) and setup goes on.
log "compiling the workspace's bytecode"
"$POTRET_ROOT/.venv/bin/python" -m compileall -q -j 0 "$POTRET_ROOT"/{libs,services,tools}/*/src \
  "$POTRET_ROOT/gateway/src" "$POTRET_ROOT/contracts/src" \
  || log "some of the workspace's bytecode was not compiled (above); its sources are read instead"
