"""RFC 9457 problem details (application/problem+json) for the Potret HTTP services."""

from potret_problems.problems import (
    PROBLEM_JSON,
    FieldViolation,
    Problem,
    ProblemError,
    install_problem_handlers,
    problem_response,
    problem_responses,
    violations_from_errors,
)

__all__ = [
    "PROBLEM_JSON",
    "FieldViolation",
    "Problem",
    "ProblemError",
    "install_problem_handlers",
    "problem_response",
    "problem_responses",
    "violations_from_errors",
]
