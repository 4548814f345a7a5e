"""The safety nets: their arithmetic is the trainer's, and they speak only where
triage.yaml's `learned` section lets them (a tier's words said, no question, no `unless`)."""

from __future__ import annotations

import math
from array import array
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.answers.content import Content
from bot.answers.learned import (
    Features,
    LinearNet,
    char_ngrams,
    gram_key,
    load_net,
    word_ngrams,
)
from bot.answers.matching import Matcher
from bot.answers.spelling import Speller
from bot.answers.triage import LEARNED_RULES, Tier, Triager, example_problems


def constant_net(tier: str, score: float) -> LinearNet:
    """A net that gives every text the same score: for testing where nets may speak."""
    return LinearNet.constant(tier, score)


@pytest.fixture(scope="module")
def speller(content: Content) -> Speller:
    return Speller(content, Triager(content.triage, nets={}).vocabulary())


@pytest.fixture(scope="module")
def always(content: Content) -> Triager:
    """Triage whose nets are always sure: only the gates decide whether they speak."""
    return Triager(content.triage, nets={"crisis": constant_net("crisis", 10.0),
                                         "emergency": constant_net("emergency", 10.0)})


def learned_tiers(triager: Triager, speller: Speller, text: str) -> set[Tier]:
    assessment = triager.assess(speller.clauses(text))
    return {f.tier for f in assessment.findings if f.rule in LEARNED_RULES.values()}


def test_analysers_split_text_as_scikit_learn_does() -> None:
    # char_wb pads each word with one space; a word shorter than n is counted once.
    assert char_ngrams("hi  yo", 2, 3) == [" h", "hi", "i ", " hi", "hi ",
                                           " y", "yo", "o ", " yo", "yo "]
    assert char_ngrams("a", 2, 5) == [" a", "a "] + [" a "]
    assert word_ngrams("i cant go on", 1, 2) == ["cant", "go", "on", "cant go", "go on"]


@pytest.mark.parametrize("tier", ["crisis", "emergency"])
def test_bundled_nets_reproduce_their_trainers_scores(tier: str) -> None:
    net = load_net(tier)
    assert net.tier == tier
    assert net.chars is load_net("crisis").chars  # one copy of the shared features
    assert len(net.reference) >= 6
    assert net.reference_problems() == []
    scores = dict(net.reference)
    assert min(scores.values()) > 0.0 and max(scores.values()) < 1.0


def test_a_changed_weight_is_reported(content: Content) -> None:
    """Every reference message notices a changed intercept, pushed one way or the other: a
    probability within the tolerance of 0 (or of 1) barely moves when pushed further out."""
    net = load_net("crisis")
    reported: set[str] = set()
    for shift in (-5.0, 5.0):
        problems = replace(net, intercept=net.intercept + shift).reference_problems()
        assert problems and all(p.startswith("crisis net: ") for p in problems)
        reported |= {text for text, _ in net.reference
                     if any(p.startswith(f"crisis net: '{text}' scores") for p in problems)}
    assert reported == {text for text, _ in net.reference}
    assert example_problems(content) == []  # the bundled ones are fine


@pytest.mark.parametrize(("text", "tier"), [
    ("i keep thinking the river looks peaceful at night", Tier.CRISIS),
    ("both feet feel like blocks of wood today, disc problem", Tier.EMERGENCY),
])
def test_nets_hear_what_no_rule_words(content: Content, speller: Speller, text: str,
                                      tier: Tier) -> None:
    """Wordings written for this test, in no corpus: the rules alone miss them."""
    rules_only = Triager(replace(content.triage, learned={}), nets={})
    assert rules_only.assess(speller.clauses(text)).tier is None
    assert tier in learned_tiers(Triager(content.triage), speller, text)


def test_nets_only_speak_about_their_tiers_words(always: Triager, speller: Speller) -> None:
    # No word a crisis or emergency rule looks at: nothing, however sure a net is.
    assert learned_tiers(always, speller, "what exercises help sciatica") == set()
    # A crisis word, negated, still counts ("I don't want to be here")...
    assert Tier.CRISIS in learned_tiers(always, speller, "my tablets are in the kitchen")
    # ... an emergency word must be said, not negated, and in its sense.
    assert Tier.EMERGENCY in learned_tiers(always, speller, "my bum feels odd")
    assert Tier.EMERGENCY not in learned_tiers(always, speller, "no numbness at all")
    assert Tier.EMERGENCY not in learned_tiers(always, speller,
                                               "moving a chest into the loft hurt my back")
    # Words that only say where or how ("legs", "walk") do not let it speak.
    assert Tier.EMERGENCY not in learned_tiers(always, speller, "my legs ache when i walk")


def test_nets_are_silent_for_questions_and_the_bots_own_messages(
        always: Triager, speller: Speller) -> None:
    assert always.assess(speller.clauses("what are the signs of cauda equina?")).findings == ()
    assert Tier.CRISIS not in learned_tiers(always, speller,
                                            "i dont want to be subscribed anymore")


def test_threshold_decides(content: Content, speller: Speller) -> None:
    text = "my tablets are in the kitchen"
    never = Triager(content.triage, nets={"crisis": constant_net("crisis", -10.0),
                                          "emergency": constant_net("emergency", -10.0)})
    assert learned_tiers(never, speller, text) == set()
    check = content.triage.learned["crisis"]
    just_under = constant_net("crisis", -0.01)  # 0.4975: under any threshold from 0.5
    assert just_under.probability(text) < check.threshold
    assert learned_tiers(Triager(content.triage, nets={"crisis": just_under}), speller,
                         text) == set()


def test_a_learned_finding_reads_like_a_rules(matcher: Matcher) -> None:
    match = matcher.match("i keep thinking the river looks peaceful at night")
    assert match.triage is Tier.CRISIS
    learned = [f for f in match.findings if f.rule == LEARNED_RULES[Tier.CRISIS]]
    assert learned and learned[0].says.startswith("you're going through")


CONCEPT_FREE = st.lists(st.sampled_from(
    ["what", "how", "exercises", "help", "sciatica", "acupuncture", "is", "it", "safe",
     "cost", "session", "the", "a", "lower", "stretch", "nhs", "with", "needles", "does"]),
    min_size=1, max_size=30).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(CONCEPT_FREE)
def test_no_net_speaks_without_its_tiers_words(always: Triager, speller: Speller,
                                               text: str) -> None:
    assert learned_tiers(always, speller, text) == set()


def test_features_are_found_by_their_keys_and_unknown_grams_are_left_out() -> None:
    """The bot keeps no gram strings, only 64-bit keys in a sorted array (`gram_key`)."""
    known = [" sa", "sad ", "end it"]
    keys = sorted(gram_key(g) for g in known)
    features = Features(array("Q", keys), array("d", [1.0, 2.0, 3.0]))
    where = {g: keys.index(gram_key(g)) for g in known}
    assert sorted(features.positions(["end it", "zzz", " sa", "end it", "sad"])) == sorted(
        [where["end it"], where[" sa"], where["end it"]])
    assert list(features.positions(["unknown", ""])) == []
    net = load_net("crisis")
    assert isinstance(net.chars.keys, array) and isinstance(net.words.keys, array)
    assert len(set(net.words.keys)) == len(net.words.keys) == len(net.word_weights)


def _unremembered(net: LinearNet, text: str) -> float:
    """The net's score computed gram by gram, as the trainer does, with no per-word memo."""
    text = text[:2000]
    score = net.intercept
    score += net.chars.score(char_ngrams(text, *net.char_range), net.char_weights)
    score += net.words.score(word_ngrams(text, *net.word_range), net.word_weights)
    return 1.0 / (1.0 + math.exp(-score))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["i", "cant", "go", "on", "numb", "legs", "both", "end",
                                 "it", "all", "tonight", "xqz", "a", "peeing", "99"]),
                max_size=30))
def test_words_remembered_give_the_same_score_as_grams_read_afresh(words: list[str]) -> None:
    """`Features.of_words` remembers each word's features: the score is exactly (not only
    within TOLERANCE) what reading every gram again gives, on first and later reads."""
    text = " ".join(words)
    for tier in ("crisis", "emergency"):
        net = load_net(tier)
        assert net.probability(text) == _unremembered(net, text)
        assert net.probability(text) == _unremembered(net, text)
