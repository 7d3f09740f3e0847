"""What ``derive check`` says of notes written inline in a test: the verdicts in order."""

from derive.check import check_text


def verdicts(text: str) -> list[tuple[str, str]]:
    """``(statement, verdict)`` for each statement of ``text``, in order."""
    return [(r.source, str(r.verdict)) for r in check_text(text + "\n")]


def last(text: str, claim: str) -> str:
    """The verdict of the last statement of ``text`` written ``claim`` (one must exist)."""
    got = [v for s, v in verdicts(text) if s == claim]
    assert got, verdicts(text)
    return got[-1]
