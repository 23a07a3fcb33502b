"""Domain thesaurus, Indonesian text handling and the domain-expertise score.

One implementation shared by the search service (indexing and query expansion) and the
ranking service (the domain-expertise factor).

`rules_fingerprint()` changes whenever the scores can (code, data, domain groups): a stored
score (the ranking service's snapshot) made under other rules is rebuilt rather than served
next to fresh ones. The search index keeps the expertise it was built with until
`potret-search-reindex` (search README).
"""

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

from potret_expertise.inputs import EXPERTISE_FIELDS, expertise_inputs
from potret_expertise.scoring import (
    SCORING_VERSION,
    DomainExpertise,
    Evidence,
    expertise,
    expertise_all,
    expertise_as_of,
)
from potret_expertise.text import analyse, normalise, stems
from potret_expertise.thesaurus import Thesaurus, detect_domains, thesaurus

__all__ = [
    "EXPERTISE_FIELDS",
    "DomainExpertise",
    "Evidence",
    "Thesaurus",
    "analyse",
    "detect_domains",
    "expertise",
    "expertise_all",
    "expertise_as_of",
    "expertise_inputs",
    "expertise_key",
    "normalise",
    "rules_fingerprint",
    "stems",
    "thesaurus",
]


# How a query is read, never a record: editing them leaves stored scores valid.
QUERY_ONLY = frozenset({"asked.py", "not_field.json"})


@lru_cache(maxsize=1)
def rules_fingerprint() -> str:
    """The scoring version and a hash of every data file the scores depend on."""
    digest = hashlib.sha256(str(SCORING_VERSION).encode())
    # The code that reads a record (places, text, thesaurus, scoring, and the record reader
    # of potret_asn_rules), its data files, and the domain groups of potret_asn_rules that
    # decide how a unit is matched.
    for package, folder, suffix in (
        ("potret_expertise", "", ".py"),
        ("potret_expertise", "data", ".json"),
        ("potret_asn_rules", "", "record.py"),
        ("potret_asn_rules", "data", "domains.json"),
    ):
        root = resources.files(package)
        files = root.joinpath(folder) if folder else root
        for name in sorted(
            f.name for f in files.iterdir() if f.name.endswith(suffix) and f.name not in QUERY_ONLY
        ):
            digest.update(f"{package}/{folder}/{name}".encode())
            digest.update(files.joinpath(name).read_bytes())
    return f"{SCORING_VERSION}-{digest.hexdigest()[:16]}"


def expertise_key(inputs: Mapping[str, Any], as_of: dt.date, *, salt: str = "") -> str:
    """What a record's scores depend on, as one digest: its `expertise_inputs`, the month
    they are measured at and the rules (`rules_fingerprint`); `salt` names what the caller
    derives from the scores (a change to it must not reuse what the old one derived). Two
    versions of a record with the same key have the same domain and skill scores and
    evidence. Strict rather than loose: inputs that would score alike but are written
    differently (a list in another order, an empty list for an absent one, 8 and "8") get
    different keys, which only costs a reuse."""
    text = json.dumps(
        [rules_fingerprint(), salt, as_of.isoformat(), inputs],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=_typed,
    )
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _typed(value: object) -> dict[str, str]:
    """A value JSON has no type for (a date, a Decimal), with its type: Decimal("8") and
    "8" must not share a key, the scorers read them apart."""
    return {"$type": type(value).__qualname__, "$repr": repr(value)}
