"""The problems a route that calls a backend may answer, declared once for the OpenAPI of
each such route (the mapping of backend failures is service/calls.py)."""

from __future__ import annotations

from potret_problems import problem_responses

FORWARDED_PROBLEMS = problem_responses(401, 403, 404, 422, 429, 503, 504)
