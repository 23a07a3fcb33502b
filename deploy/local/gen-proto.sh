#!/usr/bin/env bash
# Generates contracts/src/potret from proto/ with grpcio-tools. Idempotent; run by `make proto`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$ROOT/contracts/src"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
rm -rf "$OUT/potret"
mkdir -p "$OUT"
mapfile -t PROTOS < <(cd "$ROOT/proto" && find potret -name '*.proto' | sort)
(cd "$ROOT/proto" && PATH="$(dirname "$PY"):$PATH" "$PY" -m grpc_tools.protoc -I . \
  --python_out="$OUT" --grpc_python_out="$OUT" --mypy_out="$OUT" --mypy_grpc_out="$OUT" "${PROTOS[@]}")
# Regular packages (not namespace packages) so that type checkers and wheels see them.
find "$OUT/potret" -type d -exec sh -c 'touch "$1/__init__.py"' _ {} \;
touch "$OUT/potret/py.typed"
echo "generated $(find "$OUT/potret" -name '*_pb2*.py' | wc -l) modules from ${#PROTOS[@]} proto files into $OUT/potret" >&2
