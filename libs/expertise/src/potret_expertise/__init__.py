"""Domain thesaurus, Indonesian text handling and the domain-expertise score.

One implementation shared by the search service (indexing and query expansion) and the
ranking service (the domain-expertise factor).
"""

from potret_expertise.scoring import DomainExpertise, Evidence, expertise, expertise_all
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
    "stems",
    "thesaurus",
]
