"""Optional: an OpenAI-compatible chat model that rephrases questions the reader cannot read.

Off by default (the deterministic reader works offline). With GATEWAY_LLM_URL set, a question
the reader reads as `unknown` is sent to `POST {url}/chat/completions` with instructions to
rewrite it as one of the canonical question forms; the rewrite is then read by the same
deterministic reader and answered by the same structured tools under the caller's
permissions. The model never produces an answer, a name or a NIP that reaches the caller: only
a question, which the reader treats as plain text (so an injected instruction is just words).
The rewrite is shown in the interpretation (`rephrased`). Any failure (timeout, HTTP error,
garbage) falls back to the reader's own `unknown` with its help text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from potret_ask.directory import Directory
from potret_ask.language import MAX_QUESTION
from potret_ask.reader import Conversation, Reading, read

log = logging.getLogger(__name__)

SYSTEM_PROMPT = """Anda menulis ulang pertanyaan tentang data ASN Pemerintah Kabupaten menjadi
SATU pertanyaan pendek berbahasa Indonesia dengan salah satu bentuk berikut, tanpa penjelasan:
- siapa yang paham <bidang>? [di <OPD>] [golongan minimal <III/c>] [minimal <S2>]
- siapa yang terbaik untuk <nama jabatan>?
- kenapa <nama> tidak masuk daftar <nama jabatan>?
- bandingkan <nama> dan <nama> untuk <nama jabatan>
- berapa ASN di kotak <1-9> di <OPD>?
- profil <nama atau NIP>
Jangan menambah nama, NIP, atau syarat yang tidak ada di pertanyaan. Bila pertanyaan bukan
tentang ASN, jawab persis: TIDAK_RELEVAN"""


class LlmRephraser:
    """A client of one OpenAI-compatible endpoint (OpenAI, vLLM, llama.cpp, Ollama, ...)."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        model: str,
        api_key: str | None = None,
    ) -> None:
        self.client, self.model = client, model
        self.headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}

    async def rephrase(self, question: str) -> str | None:
        body = {
            "model": self.model,
            "temperature": 0,
            "max_tokens": 120,
            "messages": [
                {"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": question},
            ],
        }
        try:
            resp = await self.client.post("/chat/completions", json=body, headers=self.headers)
            resp.raise_for_status()
            text = resp.json()["choices"][0]["message"]["content"]
        except (httpx.HTTPError, KeyError, IndexError, TypeError, ValueError) as exc:
            log.warning("LLM rephrase failed: %s", type(exc).__name__)
            return None
        return _clean(text)


def _clean(text: Any) -> str | None:
    if not isinstance(text, str):
        return None
    line = text.strip().splitlines()[0].strip() if text.strip() else ""
    line = re.sub(r"^[\"'“”]+|[\"'“”]+$", "", line).strip()
    if not line or "TIDAK_RELEVAN" in line:
        return None
    return line[:MAX_QUESTION]


async def read_with_llm(
    question: str,
    directory_for: Callable[[str], Awaitable[Directory]],
    conversation: Conversation,
    llm: LlmRephraser | None,
) -> tuple[Reading, str | None]:
    """The reader's reading; when it is `unknown` and a model is configured, the reading of
    the model's rewrite instead (and that rewrite), if the reader understands it."""
    reading = read(question, await directory_for(question), conversation)
    if reading.intent != "unknown" or llm is None:
        return reading, None
    rewrite = await llm.rephrase(question)
    if rewrite is None:
        return reading, None
    again = read(rewrite, await directory_for(rewrite), conversation)
    return (again, rewrite) if again.intent not in ("unknown", "refused") else (reading, None)
