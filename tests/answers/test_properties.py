"""Properties that hold for any text a user can send.

Whatever arrives (empty, huge, emoji, markup characters, control characters, a mix of our
own words), the bot must answer with a message Telegram accepts, ending with the safety
footer, and a red flag must survive whatever is written before it.
"""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bot.answers import markup
from bot.answers.catalogue import EMERGENCY
from bot.answers.content import TELEGRAM_MAX, Content
from bot.answers.conversation import Conversation
from bot.answers.matching import Matcher
from bot.answers.normalise import fold, words
from bot.answers.replies import message_reply
from tests.catalogue import TOPIC_IDS

PROPERTY = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

OUR_WORDS = ["back", "pain", "lower", "upper", "acupuncture", "accupuncture", "sciatica",
             "siatica", "needles", "safe", "pregnant", "gp", "cure", "both", "legs", "numb",
             "bladder", "no", "not", "without", "but", "hi", "thanks", "subscribe", "stop",
             "what", "is", "my", "can't", "I", "chest", "fever", "fell", "night"]
MARKUP = list("<>&*_[]`\\/\"'#;:.!?") + ["<b>", "</b>", "&amp;", "&lt;", "<a href='x'>",
                                        "</i>", "&#0;", "{command}", "%s"]
EMOJI = st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF)
CONTROL = st.characters(max_codepoint=0x1F) | st.characters(min_codepoint=0x7F,
                                                            max_codepoint=0x9F)

huge = st.builds(lambda chunk, times: chunk * times,
                 st.text(min_size=1, max_size=12), st.integers(min_value=500, max_value=9000))
mixed = st.lists(st.sampled_from(OUR_WORDS + MARKUP) | EMOJI | CONTROL | st.text(max_size=5),
                 max_size=40).map(" ".join)
markup_soup = st.lists(st.sampled_from(MARKUP), max_size=60).map("".join)
any_text = (st.text() | markup_soup | st.text(alphabet=EMOJI)
            | st.text(alphabet=CONTROL) | mixed | huge)


def assert_sendable(content: Content, text: str) -> None:
    assert text.endswith(content.footer)
    assert markup.problems(text) == []
    assert markup.visible_length(text) <= TELEGRAM_MAX


@PROPERTY
@given(text=any_text)
def test_any_text_gets_a_sendable_reply_with_the_footer(conversation: Conversation,
                                                         text: str) -> None:
    reply = conversation.reply_to_text(text)
    assert_sendable(conversation.content, reply.text)


@PROPERTY
@given(text=any_text)
def test_matching_any_text_never_raises(matcher: Matcher, text: str) -> None:
    match = matcher.match(text)
    assert match.topic in TOPIC_IDS
    assert match.emergency == (match.red_flag is not None)
    assert not match.emergency or match.topic == EMERGENCY
    assert 0.0 <= match.score <= 1.0 + 1e-9
    assert matcher.match(text) == match  # and the same text always gets the same answer


@PROPERTY
@given(command=any_text)
def test_any_echoed_input_is_escaped(content: Content, command: str) -> None:
    assert_sendable(content, message_reply(content, "unknown_command", command=command).text)


@PROPERTY
@given(text=st.text() | markup_soup)
def test_escaped_text_is_valid_and_reads_back_unchanged(text: str) -> None:
    escaped = markup.escape(text)
    assert markup.problems(escaped) == []
    assert markup.to_plain(escaped) == text
    assert markup.visible_length(escaped) == len(text.encode("utf-16-le")) // 2


# -- a red flag survives whatever comes before it -------------------------------------------

# Each is a red flag on its own (test_safety checks), and starts with a word that cannot
# complete a negation phrase begun before it ("dont" + "have", "free" + "of").
RED_FLAG_SENTENCES = st.sampled_from([
    "I keep wetting myself since my back went",
    "my bum and inner thighs have gone numb",
    "both of my legs feel weak and wobbly",
    "since the weekend I cannot walk more than a few steps",
    "my chest hurts and my back aches",
    "I want to end it all because of this pain",
])


@PROPERTY
@given(prefix=st.text(max_size=2000) | mixed | markup_soup, sentence=RED_FLAG_SENTENCES)
def test_any_text_before_a_new_sentence_keeps_the_red_flag(matcher: Matcher, prefix: str,
                                                           sentence: str) -> None:
    # A full stop ends the prefix's sentence, so nothing in it (a negation included) reaches
    # the red flag. Messages are at most 4096 characters, so 2000 is a realistic bound.
    assert matcher.match(f"{prefix}. {sentence}").emergency


@PROPERTY
@given(prefix=st.text(max_size=300) | mixed, sentence=RED_FLAG_SENTENCES)
def test_text_without_negation_before_a_red_flag_keeps_it(matcher: Matcher, prefix: str,
                                                         sentence: str) -> None:
    # Same clause this time: only a negation can cancel a symptom, so rule out every word the
    # detector would read as one (after folding and spelling correction, "nott" -> "not").
    negation_ends = {phrase.words[-1] for phrase in matcher.content.red_flags.negations}
    seen = [matcher.correct(w) for w in words(fold(prefix))]
    assume(not negation_ends.intersection(seen))
    assume(len(seen) <= 100)  # keep examples small; long run-ons are in test_safety
    assert matcher.match(f"{prefix} {sentence}").emergency
