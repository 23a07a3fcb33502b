"""Kubernetes JSON schemas for kubeconform, from the cluster's own OpenAPI document.

kubeconform normally downloads schemas from GitHub; here they are generated offline from
`api/openapi-spec/swagger.json` of the k8s.io/kubernetes Go module (fetched through the Go
module proxy, checksum-verified). Only the kinds named on the command line (apiVersion/kind
as they appear in the manifests) are written, strict (no unknown fields), in kubeconform's
file naming: <kind>[-<group prefix>]-<version>.json.

    python openapi2jsonschema.py swagger.json OUT_DIR apps/v1:Deployment v1:Service ...
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

INT_OR_STRING = {"oneOf": [{"type": "string"}, {"type": "integer"}]}
QUANTITY = {"oneOf": [{"type": "string"}, {"type": "number"}]}


def _strict(node: Any) -> Any:
    if isinstance(node, dict):
        if node.get("format") == "int-or-string":
            return INT_OR_STRING
        out = {k: _strict(v) for k, v in node.items()}
        if out.get("type") == "object" and "properties" in out:
            out.setdefault("additionalProperties", False)
        return out
    if isinstance(node, list):
        return [_strict(v) for v in node]
    return node


def _file_name(group: str, version: str, kind: str) -> str:
    suffix = f"-{group.split('.')[0]}-{version}" if group else f"-{version}"
    return f"{kind.lower()}{suffix}.json"


def main(argv: list[str]) -> int:
    swagger, out, wanted = Path(argv[0]), Path(argv[1]), set(argv[2:])
    definitions = json.loads(swagger.read_text())["definitions"]
    strict = {name: _strict(body) for name, body in definitions.items()}
    strict["io.k8s.apimachinery.pkg.api.resource.Quantity"] = QUANTITY
    out.mkdir(parents=True, exist_ok=True)
    written = set()
    for name, body in definitions.items():
        for gvk in body.get("x-kubernetes-group-version-kind", []):
            group, version, kind = gvk["group"], gvk["version"], gvk["kind"]
            api_version = f"{group}/{version}" if group else version
            if f"{api_version}:{kind}" not in wanted:
                continue
            schema = {"$ref": f"#/definitions/{name}", "definitions": strict}
            (out / _file_name(group, version, kind)).write_text(json.dumps(schema))
            written.add(f"{api_version}:{kind}")
    missing = sorted(wanted - written)
    if missing:
        print(f"no schema for {', '.join(missing)}", file=sys.stderr)
        return 1
    print(f"{len(written)} schemas in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
