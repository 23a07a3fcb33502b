"""The OpenAPI document: 3.1, every body and path parameter with an example, security shown."""

from __future__ import annotations

from typing import Any

from potret_testkit.gateway import Gateway


def _body_has_example(spec: dict[str, Any], body: dict[str, Any]) -> bool:
    for media in body["content"].values():
        if media.get("examples") or media.get("example"):
            return True
        ref = media.get("schema", {}).get("$ref")
        if ref and spec["components"]["schemas"][ref.split("/")[-1]].get("examples"):
            return True
    return False


def test_every_operation_documents_examples(gateway: Gateway) -> None:
    spec = gateway.client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    missing = []
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            body = op.get("requestBody")
            form = body and "application/x-www-form-urlencoded" in body["content"]
            if body and not form and not _body_has_example(spec, body):
                missing.append(f"{method.upper()} {path} body")
            for param in op.get("parameters", []):
                if param["in"] == "path" and not (
                    param.get("examples") or param.get("schema", {}).get("examples")
                ):
                    missing.append(f"{method.upper()} {path} {param['name']}")
    assert missing == []
    schemes = spec["components"]["securitySchemes"]
    assert schemes["login"]["flows"]["password"]["tokenUrl"] == "/v1/auth/token"
    assert schemes["apiKey"] == {"type": "apiKey", "in": "header", "name": "X-API-Key"}
