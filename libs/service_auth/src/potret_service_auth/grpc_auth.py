"""The service-token check of the ranking gRPC service (a server interceptor: a call without
a valid token ends UNAUTHENTICATED before the servicer runs; health and reflection stay open,
they carry no data), and the client side for synchronous channels (tools, tests)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import grpc

from potret_service_auth.tokens import Identity, ServiceAuthError, Verifier

log = logging.getLogger("potret.service_auth")

OPEN_SERVICES = (
    "/grpc.health.v1.Health/",
    "/grpc.reflection.v1alpha.ServerReflection/",
    "/grpc.reflection.v1.ServerReflection/",
)


def _denied(handler: grpc.RpcMethodHandler, reason: str) -> grpc.RpcMethodHandler:
    async def deny(request: Any, context: grpc.aio.ServicerContext) -> Any:
        await context.abort(grpc.StatusCode.UNAUTHENTICATED, reason)

    if handler.unary_unary is not None:
        return grpc.unary_unary_rpc_method_handler(
            deny,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )

    async def deny_stream(request: Any, context: grpc.aio.ServicerContext) -> Any:
        await context.abort(grpc.StatusCode.UNAUTHENTICATED, reason)
        yield  # pragma: no cover - never reached: abort raises

    if handler.unary_stream is not None:
        return grpc.unary_stream_rpc_method_handler(
            deny_stream,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )
    if handler.stream_unary is not None:
        return grpc.stream_unary_rpc_method_handler(
            deny,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )
    return grpc.stream_stream_rpc_method_handler(
        deny_stream,
        request_deserializer=handler.request_deserializer,
        response_serializer=handler.response_serializer,
    )


class ServiceAuthInterceptor(grpc.aio.ServerInterceptor):  # type: ignore[misc]
    def __init__(self, verifier: Verifier) -> None:
        self.verifier = verifier

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler:
        handler = await continuation(details)
        if handler is None or details.method.startswith(OPEN_SERVICES):
            return handler
        header = dict(details.invocation_metadata or ()).get("authorization")
        try:
            self.verifier.verify(header if isinstance(header, str) else None)
        except ServiceAuthError as exc:
            log.warning("service call refused: %s: %s", details.method, exc)
            return _denied(handler, exc.reason)
        return handler


def _with_token(details: Any, identity: Identity, audience: str) -> Any:
    """The call details with a service token for `audience` added to the metadata."""
    metadata = [*(details.metadata or ()), ("authorization", identity.authorization(audience))]
    return details._replace(metadata=metadata)


class _TokenInterceptor(grpc.UnaryUnaryClientInterceptor):  # type: ignore[misc]
    def __init__(self, identity: Identity, audience: str) -> None:
        self.identity = identity
        self.audience = audience

    def intercept_unary_unary(
        self, continuation: Callable[..., Any], details: Any, request: Any
    ) -> Any:
        return continuation(_with_token(details, self.identity, self.audience), request)


def authenticated_channel(channel: grpc.Channel, identity: Identity, audience: str) -> grpc.Channel:
    """`channel` with a service token for `audience` on every unary call."""
    return grpc.intercept_channel(channel, _TokenInterceptor(identity, audience))


class AioTokenInterceptor(grpc.aio.UnaryUnaryClientInterceptor):  # type: ignore[misc]
    """The same for asyncio channels: `grpc.aio.insecure_channel(addr, interceptors=[...])`."""

    def __init__(self, identity: Identity, audience: str) -> None:
        self.identity = identity
        self.audience = audience

    async def intercept_unary_unary(
        self, continuation: Callable[..., Any], details: Any, request: Any
    ) -> Any:
        return await continuation(_with_token(details, self.identity, self.audience), request)
