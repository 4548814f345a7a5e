"""`whole_characters`: any text Telegram sends becomes text that can be encoded and sent back."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.transport import whole_characters

# Any code point, lone surrogates included (what a JSON "\ud83d" escape decodes to).
ANY_TEXT = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF))


@given(ANY_TEXT)
def test_any_text_becomes_encodable(text: str) -> None:
    clean = whole_characters(text)
    clean.encode("utf-8")
    clean.encode("utf-16-le")
    if not any("\ud800" <= c <= "\udfff" for c in text):
        assert clean == text  # valid text is left exactly as it was


def test_nested_update_values_are_cleaned_and_others_kept() -> None:
    raw = {"update_id": 1, "message": {"text": "hi \ud83d", "entities": [{"offset": 0}],
                                       "ok": True, "n": None}}
    assert whole_characters(raw) == {
        "update_id": 1, "message": {"text": "hi \ufffd", "entities": [{"offset": 0}],
                                    "ok": True, "n": None}}
