"""Policy files: the default shipped with the service (`potret_ranking/policies/`) or one the
deployment names (RANKING_POLICY_PATH); what a file must hold is `domain.policy`."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from potret_ranking.domain.policy import DEFAULT_POLICY, Policy, parse_policy


def load_policy(path: Path | None = None) -> Policy:
    """The stored policy: `path`, or the default file shipped with the service."""
    if path is None:
        text = resources.files("potret_ranking").joinpath(f"policies/{DEFAULT_POLICY}").read_text()
    else:
        text = path.read_text("utf-8")
    return parse_policy(text)
