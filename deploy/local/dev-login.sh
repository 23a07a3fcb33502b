#!/usr/bin/env bash
# Prints the dev-mode login and API key that services.sh generated (make run).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
creds="$POTRET_RUN/dev-credentials.json"
if [[ ! -f "$creds" ]]; then
  echo "  (no dev credentials: dev mode is off; create users with potret-auth)"
  exit 0
fi
"$POTRET_ROOT/.venv/bin/python" - "$creds" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
print("  MODE DEV — kredensial buatan, hanya untuk lokal (" + sys.argv[1] + "):")
print(f"  login admin    {c['username']} / {c['password']}   (Authorize di /docs)")
print(f"  API key        {c['api_key']}")
print(f"  try            curl -H 'X-API-Key: {c['api_key']}' 'http://127.0.0.1:8080/v1/search?q=perikanan'")
PY
