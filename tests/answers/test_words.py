"""bot.answers.words: the content words of a question the bot could not answer.

These words are what is counted, so the tests hold it to its promise: whatever is typed, what
comes out is a set of lower-case words of the English list, never a number, a name, a stop
word, a link or a piece of markup, and never more than a few of them.
"""

from __future__ import annotations

import gzip
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answers import english
from bot.answers.content import Content
from bot.answers.words import (
    MAX_WORDS,
    NAMES_FILE,
    NOT_NAMES,
    Names,
    content_words,
    names,
    not_topics,
)
from tests.answers.test_properties import any_text

PROPERTY = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.parametrize(("text", "words"), [
    ("Does cupping help my back pain?", {"cupping"}),
    ("is my hernia why my back hurts", {"hernia"}),
    ("Is acupuncture covered by insurance?", {"covered", "insurance"}),
    ("hello thanks please", set()),
    ("", set()),
    ("what is it", set()),
    # numbers go, and so does any word with a digit in it
    ("I have 2 kids and covid19, 3rd week, 45 years old", {"kids"}),
    # shouting is not a name
    ("MY BACK HURTS AFTER CUPPING", {"cupping"}),
    # accents, curly apostrophes, elongated letters and possessives
    ("Can’t sleep on the hotel’s mattress, naïve of me? sooooo tired",
     {"sleep", "hotel", "mattress", "naive", "tired"}),
    ("my hernia's bad", {"hernia"}),
    # links, emails, mentions, tags and markup are not words of the question
    ("<b>hernia</b> https://example.com/insurance www.cupping.org me@mattress.com "
     "@pillow #yoga &amp;", {"hernia"}),
    ("😩😩 hernia 🙏", {"hernia"}),
    ("typos like hernea and accupunture are not in the list", {"typos", "list"}),
])
def test_content_words(text: str, words: set[str]) -> None:
    assert content_words(text) == words


@pytest.mark.parametrize(("text", "words"), [
    # names the dictionary spells only with a capital, however they are written
    ("my physio patel in london said pilates on monday", {"physio", "pilates"}),
    ("Mary and james from Glasgow", set()),
    # a capital in the middle of a sentence marks a name, even for an ordinary word
    ("my physio Rose said to try Hunter boots", {"physio", "boots"}),
    ("I saw Dr Walker. Walker said rest", {"walker", "rest"}),  # sentence start: ambiguous, kept
    ("i saw a rose and a hunter", {"rose", "hunter"}),
    # conditions and treatments named after people are kept
    ("does it help Parkinson or Achilles tendon", {"tendon"}),
    ("parkinson and achilles tendon", {"parkinson", "achilles", "tendon"}),
])
def test_names_are_left_out(text: str, words: set[str]) -> None:
    assert content_words(text) == words


def test_the_name_list_holds_names_and_not_ordinary_words() -> None:
    people = names()
    assert all(w in people for w in ("mary", "patel", "london", "glasgow", "monday",
                                     "christmas", "pilates", "parkinson"))
    assert not any(w in people for w in ("rose", "mark", "hunter", "hernia", "cupping",
                                         "insurance", "mattress", "sciatica", "physio"))
    assert {"pilates", "parkinson"} <= NOT_NAMES


def test_every_stop_word_of_the_matcher_is_left_out_too(content: Content) -> None:
    """The matcher's stop words (responses/vocabulary.yaml) carry no topic; nor here."""
    assert content.vocabulary.stopwords
    for word in content.vocabulary.stopwords:
        assert content_words(f"cupping {word}") <= {"cupping"}, word


def test_the_bots_own_subject_and_chat_words_say_nothing() -> None:
    assert {"back", "pain", "acupuncture", "hello", "thanks", "please", "question"} \
        <= not_topics()
    assert not {"cupping", "insurance", "hernia", "mattress", "sciatica"} & not_topics()


def test_a_huge_text_gives_a_few_words_quickly() -> None:
    many = " ".join(["hernia cupping insurance mattress pillow sleep chair desk driving "
                     "lorry pregnancy tendon surgery swimming cycling running walking "
                     "gardening lifting kneeling sitting standing"] * 20_000)
    found = content_words(many)
    assert found and len(found) <= MAX_WORDS
    assert content_words("x" * 1_000_000 + " hernia") == set()  # only the start is read


@PROPERTY
@given(text=any_text | st.lists(st.sampled_from(
    ["Rose", "hernia", "2", "covid19", "Cupping", "pain", "www.x.com", "@me", "<b>", "John",
     "insurance", "café", "3rd", "MATTRESS", "hello", ".", "?", "\n", "😩"]),
    max_size=30).map(" ".join))
def test_output_words_are_always_plain_listed_words(text: str) -> None:
    found = content_words(text)
    assert len(found) <= MAX_WORDS
    for word in found:
        assert re.fullmatch(r"[a-z]{3,45}", word), word
        assert english.is_english(word)
        assert word not in not_topics()
        assert word not in names() or word in NOT_NAMES
        assert not any(ch.isdigit() for ch in word)
        assert word in text.lower() or not text.isascii()  # a word of the text, not made up


# -- the names kept as one bit per English word ------------------------------------------------

def test_the_compact_name_list_answers_as_the_set_of_its_words_would() -> None:
    """`names()` keeps a bit per word of the English list, not the words: for every word of
    that list, every name and words of neither, `in` must say what a set of the names says."""
    listed = gzip.decompress(NAMES_FILE.read_bytes()).decode("utf-8").split()
    as_set, compact = frozenset(listed), names()
    english_words = [w.lstrip("+") for w in
                     gzip.decompress(english.WORDS_FILE.read_bytes()).decode("utf-8").split()]
    others = ["", "x", "zzqxv", "Mary", "MARY", "café", "o'brien", "sciaticaa", "دكتور"]
    for word in (*english_words, *listed, *others):
        assert (word in compact) == (word in as_set), word
    assert 5_000 < len(as_set) < len(english_words)


def test_a_name_the_english_list_lacks_is_still_a_name() -> None:
    made_up = Names(["mary", "qzxwvbname"])
    assert "mary" in made_up and "qzxwvbname" in made_up
    assert "patel" not in made_up and "qzxwvbnam" not in made_up and 3 not in made_up
