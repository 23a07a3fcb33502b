"""The one error type of ASN rules: names the rule and explains it in Indonesian and English."""

from __future__ import annotations


class RuleViolation(ValueError):
    """A value that breaks a rule of the civil-service domain."""

    def __init__(self, rule: str, message: str, message_en: str | None = None) -> None:
        super().__init__(f"{rule}: {message}")
        self.rule = rule
        self.message = message
        self.message_en = message_en or message
