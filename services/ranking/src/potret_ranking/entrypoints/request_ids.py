"""gRPC server interceptor: the gateway's `x-request-id` metadata in every log line of a call,
and one access line per call (method, status code, duration)."""

from __future__ import annotations

import inspect
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import grpc

from potret_observability import accept_request_id, request_id_var
from potret_observability.metrics import ServiceMetrics

access_log = logging.getLogger("potret.access")


class RequestIdInterceptor(grpc.aio.ServerInterceptor):  # type: ignore[misc]
    def __init__(self, metrics: ServiceMetrics | None = None) -> None:
        self.metrics = metrics

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler:
        handler = await continuation(details)
        if handler is None or not inspect.iscoroutinefunction(handler.unary_unary):
            return handler  # health (sync) and reflection (streaming): nothing to trace
        incoming = dict(details.invocation_metadata or ()).get("x-request-id")
        rid = accept_request_id(incoming if isinstance(incoming, str) else None)
        behavior = handler.unary_unary
        metrics = self.metrics

        async def call(request: Any, context: grpc.aio.ServicerContext) -> Any:
            token = request_id_var.set(rid)
            started = time.perf_counter()
            try:
                return await behavior(request, context)
            finally:
                code = context.code() if hasattr(context, "code") else None
                name = str(getattr(code, "name", code) or "OK")
                seconds = time.perf_counter() - started
                access_log.info("%s %s %.1fms", details.method, name, seconds * 1000)
                if metrics is not None:
                    metrics.observe_grpc(details.method, name, seconds)
                request_id_var.reset(token)

        return grpc.unary_unary_rpc_method_handler(
            call,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )
