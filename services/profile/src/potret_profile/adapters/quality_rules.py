"""The data-quality rules file: the one shipped with the service (`policies/quality-rules.json`)
or one the deployment names (PROFILE_QUALITY_RULES_PATH); what it must hold is
`domain.quality.QualityRules`."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from potret_profile.domain.quality import QualityRules

DEFAULT_RULES = Path(__file__).parent.parent / "policies" / "quality-rules.json"


@lru_cache(maxsize=4)
def load_rules(path: Path = DEFAULT_RULES) -> QualityRules:
    return QualityRules.model_validate(json.loads(path.read_text()))
