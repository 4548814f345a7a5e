"""Properties that hold for any text a user can send.

Whatever arrives (empty, huge, emoji, markup characters, control characters, a mix of our
own words), the bot must answer with a message Telegram accepts, ending with the safety
footer; and triage keeps its promises: a reported symptom survives whatever ordinary text is
written around it, a negated symptom does not fire, except where the negation is the symptom
("haven't peed since yesterday").
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
from bot.answers.triage import Tier
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
    assert match.emergency == (match.triage is Tier.EMERGENCY)
    assert not match.emergency or match.topic == EMERGENCY
    if match.triage is None:
        assert match.findings == ()
    else:
        assert match.topic == match.triage.value and match.findings
        assert match.findings[0].tier is match.triage
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


# -- a reported symptom survives whatever ordinary text is around it ------------------------

# Each is a report on its own (test_triage checks), of the tier beside it, in the first
# person, with no question word in front.
REPORTS = [
    ("I keep wetting myself since my back went", Tier.EMERGENCY),
    ("my bum and inner thighs have gone numb", Tier.EMERGENCY),
    ("both of my legs feel weak and wobbly", Tier.EMERGENCY),
    ("since the weekend I cannot walk more than a few steps", Tier.EMERGENCY),
    ("my chest hurts and my back aches", Tier.EMERGENCY),
    ("I want to end it all because of this pain", Tier.CRISIS),
    ("my back pain wakes me every single night", Tier.URGENT),
    ("I have a fever and my lower back is sore", Tier.URGENT),
]
report = st.sampled_from(REPORTS)


def keeps(matcher: Matcher, text: str, sentence: str) -> bool:
    """Whether every rule the sentence fires on its own still fires within `text` (which
    may add findings of its own: "ches" is corrected to "chest" beside "pain")."""
    alone = {f.rule for f in matcher.match(sentence).findings}
    return bool(alone) and alone <= {f.rule for f in matcher.match(text).findings}
# What may cancel a symptom in its own sentence, by design: a negation, history, a
# hypothetical ("in case"), a rule's other sense or context ("chest of drawers").
CANCELLING = ("m:negation.before", "m:negation.after", "m:history.", "m:questions.hypothetical",
              "u:", "w:")


def _cancelling(matcher: Matcher, text: str) -> set[tuple[str, tuple[int, int]]]:
    found = set()
    for words_ in matcher.speller.clauses(text):
        for key, spans in matcher.triager.lexicon.find(words_).items():
            if key.startswith(CANCELLING):
                found.update((key, span) for span in spans)
    return {(key, span) for key, span in found}


@PROPERTY
@given(prefix=st.text(max_size=2000) | mixed | markup_soup, pair=report)
def test_any_text_before_a_new_sentence_keeps_the_report(matcher: Matcher, prefix: str,
                                                         pair: tuple[str, Tier]) -> None:
    # A full stop ends the prefix's sentence, so nothing in it (a negation included) reaches
    # the report. Messages are at most 4096 characters, so 2000 is a realistic bound.
    sentence, tier = pair
    assert matcher.match(sentence).triage is tier
    assert keeps(matcher, f"{prefix}. {sentence}", sentence)


@PROPERTY
@given(suffix=st.text(max_size=2000) | mixed | markup_soup, pair=report)
def test_any_text_after_the_sentence_keeps_the_report(matcher: Matcher, suffix: str,
                                                      pair: tuple[str, Tier]) -> None:
    sentence, _ = pair
    # Only "fine now" and the like may speak for the sentence before them, by design.
    assume(not any(key.startswith(("m:history.", "m:negation.after"))
                   for key, _ in _cancelling(matcher, suffix)))
    assert keeps(matcher, f"{sentence}. {suffix}", sentence)


@PROPERTY
@given(prefix=st.text(max_size=300) | mixed, pair=report)
def test_text_without_cancelling_words_before_a_report_keeps_it(matcher: Matcher, prefix: str,
                                                               pair: tuple[str, Tier]) -> None:
    # The same sentence this time: only what is designed to cancel a symptom may, so rule out
    # prefixes that add any of it (after folding and spelling correction, "nott" -> "not").
    sentence, _ = pair
    assume(len(words(fold(prefix))) <= 100)  # keep examples small; long run-ons: test_triage
    alone = {key for key, _ in _cancelling(matcher, sentence)}
    together = {key for key, _ in _cancelling(matcher, f"{prefix} {sentence}")}
    assume(together <= alone)
    assert keeps(matcher, f"{prefix} {sentence}", sentence)


# -- a negated symptom does not fire, unless the negation is the symptom --------------------

NEGATIONS = ["no", "I don't have any", "without any", "I've never had", "I haven't got",
             "there's no", "I'm not having any"]
SYMPTOMS = [
    ("numbness in both legs", "both legs"),
    ("tingling around my bottom", "numbness around the bottom or genitals"),
    ("chest pain", "chest pain"),
    ("fever with my back pain", "fever"),
    ("trouble peeing", "trouble peeing or controlling the bladder"),
    ("bowel accidents", "loss of bowel control"),
    ("pain between my shoulder blades", "pain between the shoulder blades"),
    ("weakness in my legs", "both legs"),
    ("thoughts of suicide", "thoughts of ending life"),
    ("lumps on my spine", "lump or change in the shape of the back"),
]


@PROPERTY
@given(negation=st.sampled_from(NEGATIONS), symptom=st.sampled_from(SYMPTOMS),
       around=st.sampled_from(["", "hi. ", "quick question. "]),
       after=st.sampled_from(["", ", just a sore back", ". what stretches help?"]))
def test_a_negated_symptom_does_not_fire(matcher: Matcher, negation: str,
                                         symptom: tuple[str, str], around: str,
                                         after: str) -> None:
    phrase, rule = symptom
    match = matcher.match(f"{around}{negation} {phrase}{after}")
    assert rule not in {f.rule for f in match.findings}


@PROPERTY
@given(negation=st.sampled_from(["haven't", "have not", "I haven't", "not", "I've not"]),
       act=st.sampled_from(["peed", "had a wee", "been able to pee", "passed urine",
                            "been for a wee"]),
       when=st.sampled_from(["since yesterday", "all day", "since this morning", "for hours"]))
def test_not_being_able_to_pee_is_the_symptom(matcher: Matcher, negation: str, act: str,
                                              when: str) -> None:
    match = matcher.match(f"{negation} {act} {when}")
    assert match.triage is Tier.EMERGENCY
    assert "trouble peeing or controlling the bladder" in {f.rule for f in match.findings}
