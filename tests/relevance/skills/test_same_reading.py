"""The chat and the search box read a query alike (issue 20: one reading of the fields): for
every query of the development sets, "siapa yang ahli <q>?" read by the chat's reader names
the fields and skills `GET /v1/search?q=<q>` reads, so the two never answer the same words
with different people; an OPD the chat reads as a filter is left out of the words. (The
held-out sets are not read here: they are never read at all.)"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from potret_ask.directory import Directory
from potret_ask.reader import Conversation, read
from potret_search.domain.query import read_query

HERE = Path(__file__).parent


def test_the_chat_reads_the_fields_and_skills_the_search_box_reads() -> None:
    differ = []
    sets = sorted(HERE.glob("dev*.json"))
    assert len(sets) >= 10
    for path in sets:
        data = json.loads(path.read_text("utf-8"))
        directory = Directory.build(sorted({r["opd"] for r in data["records"]}), (), ())
        for query in data["queries"]:
            q = query["q"]
            chat = read(f"siapa yang ahli {q}?", directory, Conversation(), dt.date(2026, 12, 5))
            # an OPD named ("... kecamatan tambak") is the chat's filter, as the search box's
            # opd= is: the words beside it are read alike
            box = read_query(chat.words if chat.opd else q)
            if (list(chat.domains), list(chat.skills)) != (box.domains, box.skills):
                differ.append((path.stem, q, chat.domains, box.domains, chat.skills, box.skills))
    assert differ == []
