"""Domain thesaurus, Indonesian text handling and the domain-expertise score.

One implementation shared by the search service (indexing and query expansion) and the
ranking service (the domain-expertise factor).

`rules_fingerprint()` changes whenever the scores can: a stored score (the ranking service's
snapshot) made under other rules is rebuilt rather than served next to fresh ones.
"""

import hashlib
from functools import lru_cache
from importlib import resources

from potret_expertise.scoring import (
    SCORING_VERSION,
    DomainExpertise,
    Evidence,
    expertise,
    expertise_all,
)
from potret_expertise.text import analyse, normalise, stems
from potret_expertise.thesaurus import Thesaurus, detect_domains, thesaurus

__all__ = [
    "DomainExpertise",
    "Evidence",
    "Thesaurus",
    "analyse",
    "detect_domains",
    "expertise",
    "expertise_all",
    "normalise",
    "rules_fingerprint",
    "stems",
    "thesaurus",
]


@lru_cache(maxsize=1)
def rules_fingerprint() -> str:
    """The scoring version and a hash of every data file the scores depend on."""
    digest = hashlib.sha256(str(SCORING_VERSION).encode())
    data = resources.files("potret_expertise").joinpath("data")
    for name in sorted(f.name for f in data.iterdir() if f.name.endswith(".json")):
        digest.update(name.encode())
        digest.update(data.joinpath(name).read_bytes())
    return f"{SCORING_VERSION}-{digest.hexdigest()[:16]}"
