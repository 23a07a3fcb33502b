"""`potret-healthcheck`: the container's health check, one for every service image.

    potret-healthcheck http://127.0.0.1:8081/healthz   # HTTP: healthy on 200
    potret-healthcheck grpc://127.0.0.1:50051          # gRPC health: healthy when SERVING

Without an argument the target comes from POTRET_HEALTHCHECK, else from the service the
image was built for (POTRET_SERVICE) and its default port. Exit status 0 healthy, 1 not; a
line on stderr says why."""

from __future__ import annotations

import os
import sys
import urllib.request
from collections.abc import Sequence

TIMEOUT_S = 3.0
# Each service's own health endpoint at its default port (deploy/Dockerfile, POTRET_SERVICE).
DEFAULT_TARGETS = {
    "gateway": "http://127.0.0.1:8080/healthz",
    "profile": "http://127.0.0.1:8081/healthz",
    "search": "http://127.0.0.1:8082/healthz",
    "ranking": "grpc://127.0.0.1:50051",
}


def healthy(target: str, timeout: float = TIMEOUT_S) -> tuple[bool, str]:
    """Whether the service at `target` answers healthy, and what it answered."""
    if target.startswith("grpc://"):
        import grpc  # only the gRPC service's image has it
        from grpc_health.v1 import health_pb2, health_pb2_grpc

        with grpc.insecure_channel(target.removeprefix("grpc://")) as channel:
            try:
                reply = health_pb2_grpc.HealthStub(channel).Check(
                    health_pb2.HealthCheckRequest(), timeout=timeout
                )
            except grpc.RpcError as exc:
                return False, f"gRPC {exc.code().name}"
        status = health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status)
        return reply.status == health_pb2.HealthCheckResponse.SERVING, status
    if not target.startswith(("http://", "https://")):
        return False, f"unknown target {target!r} (http://, https:// or grpc://)"
    try:
        with urllib.request.urlopen(target, timeout=timeout) as resp:  # noqa: S310 (checked)
            return resp.status == 200, f"HTTP {resp.status}"
    except OSError as exc:  # refused, timed out, or an HTTP error status
        return False, f"{type(exc).__name__}: {exc}"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    service = os.environ.get("POTRET_SERVICE", "")
    target = args[0] if args else os.environ.get("POTRET_HEALTHCHECK") or ""
    target = target or DEFAULT_TARGETS.get(service, "")
    if not target:
        print(
            "potret-healthcheck: no target (an argument, POTRET_HEALTHCHECK, or POTRET_SERVICE "
            f"one of {', '.join(sorted(DEFAULT_TARGETS))})",
            file=sys.stderr,
        )
        return 1
    ok, said = healthy(target)
    if not ok:
        print(f"potret-healthcheck: {target}: {said}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
