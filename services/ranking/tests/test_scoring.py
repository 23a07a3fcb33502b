from potret.asn.v1 import profile_events_pb2 as pb
from potret_asn_rules import parse_golongan
from potret_ranking.domain.read_model import Candidate, ReadModel
from potret_ranking.domain.scoring import score_candidate

NIP = "198609262015051001"


def _candidate(golongan: str | None) -> Candidate:
    g = parse_golongan(golongan) if golongan else None
    return Candidate(NIP, 1, False, g.code if g else None, g.ordinal if g else None)


def test_meeting_or_exceeding_the_minimum_scores_one_and_is_eligible() -> None:
    for golongan in ("IV/a", "IV/c"):
        score = score_candidate(_candidate(golongan), parse_golongan("IV/a"))
        assert (score.total, score.eligible) == (1.0, True)


def test_each_missing_step_lowers_the_score_and_bars_eligibility() -> None:
    one = score_candidate(_candidate("III/d"), parse_golongan("IV/a"))
    two = score_candidate(_candidate("III/c"), parse_golongan("IV/a"))
    assert (one.total, one.eligible) == (0.5, False)
    assert round(two.total, 4) == 0.3333
    assert "kurang 2 tingkat" in two.explanation


def test_contributions_sum_to_total() -> None:
    score = score_candidate(_candidate("II/b"), parse_golongan("III/a"))
    assert sum(f.contribution for f in score.factors) == score.total


def test_unknown_golongan_scores_zero() -> None:
    score = score_candidate(_candidate(None), parse_golongan("III/a"))
    assert (score.total, score.eligible) == (0.0, False)


def _event(
    version: int, golongan: str = "III/a", change: int = pb.CHANGE_TYPE_UPDATED
) -> pb.ProfileChanged:
    return pb.ProfileChanged(
        nip=NIP,
        version=version,
        change_type=change,  # type: ignore[arg-type]
        profile=pb.Profile(nip=NIP, golongan=golongan),
    )


def test_read_model_applies_only_newer_versions() -> None:
    model = ReadModel()
    assert model.apply(_event(2, "III/b"))
    assert not model.apply(_event(1, "II/a"))
    assert not model.apply(_event(2, "IV/a"))
    held = model.get(NIP)
    assert held is not None
    assert (held.version, held.golongan) == (2, "III/b")


def test_read_model_forgets_deleted_and_ignores_older_replays() -> None:
    model = ReadModel()
    model.apply(_event(1))
    model.apply(_event(2, change=pb.CHANGE_TYPE_DELETED))
    model.apply(_event(1))
    assert model.get(NIP) is None
    assert len(model) == 0
