"""The matcher: typical questions find their topic, anything else falls back, nothing raises.

The questions are written for these tests in people's own words (not copied from the
topics' examples, the evaluation set or the benchmark sets), so they check that the matcher
generalises rather than that it remembers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.answers.catalogue import FALLBACK, TRIAGE_TOPICS
from bot.answers.content import Content
from bot.answers.matching import (
    _ASKS,
    _ASKS_INSIDE,
    Matcher,
    _a_child,
    _an_elder,
    _compared,
)
from tests.catalogue import TOPIC_IDS

REPO = Path(__file__).resolve().parents[2]

TYPICAL: list[tuple[str, str]] = [
    ("could you explain how acupuncture is meant to work on the body", "acupuncture_basics"),
    ("is there good evidence that acupuncture helps with lower back ache",
     "acupuncture_back_pain"),
    ("acupuncture for my sciatica, would it do anything", "acupuncture_sciatica"),
    ("how would I track down a registered acupuncturist", "find_practitioner"),
    ("what are the risks of having acupuncture", "acupuncture_safety"),
    ("how long does an acupuncture session normally take", "acupuncture_session"),
    ("is it safe to have acupuncture while I'm pregnant", "pregnancy"),
    ("what can I do at home to ease a bad back", "self_care"),
    ("how much does back pain cost the NHS each year", "back_pain_cost"),
    ("are you a real person or a bot", "about"),
    ("is acupuncture a permanent cure for back pain", "not_a_cure"),
    ("what's sciatica exactly", "sciatica"),
    ("what date does back care awareness week start this year", "awareness_week"),
    ("where exactly do they put the needles", "acupuncture_points"),
    ("what makes backs hurt in the first place", "back_pain_causes"),
    ("how can I avoid hurting my back when lifting boxes", "prevention"),
    ("when should I see my GP about my back", "see_a_doctor"),
    ("tight upper back and a stiff neck after a day at the desk", "upper_back_pain"),
    ("hey, good evening", "greeting"),
    ("thank you, that really helped", "thanks"),
    ("sign me up for messages please", "subscribe"),
    ("please stop the campaign messages", "unsubscribe"),
]


@pytest.mark.parametrize(("question", "topic"), TYPICAL, ids=[t for _, t in TYPICAL])
def test_typical_question_finds_its_topic(matcher: Matcher, question: str, topic: str) -> None:
    match = matcher.match(question)
    assert (match.topic, match.emergency) == (topic, False), match


@pytest.mark.parametrize(("typo", "spelled", "topic"), [
    ("accupuncture for sciatica", "acupuncture for sciatica", "acupuncture_sciatica"),
    ("siatica explained", "sciatica explained", "sciatica"),
    ("can accupuncture help my siatica", "can acupuncture help my sciatica",
     "acupuncture_sciatica"),
    ("how do I find an accupuncturist near me", "how do I find an acupuncturist near me",
     "find_practitioner"),
    ("what are the side efects of acupuncture", "what are the side effects of acupuncture",
     "acupuncture_safety"),
    ("how do I find a qualifed practitioner", "how do I find a qualified practitioner",
     "find_practitioner"),
])
def test_typos_are_tolerated(matcher: Matcher, typo: str, spelled: str, topic: str) -> None:
    assert matcher.match(spelled).topic == topic
    assert matcher.match(typo).topic == topic


@pytest.mark.parametrize(("question", "reordered", "topic"), [
    ("can needles help sciatica", "sciatica needles help can", "acupuncture_sciatica"),
    ("is acupuncture safe for me", "for me, is acupuncture safe", "acupuncture_safety"),
    ("how do I find a registered acupuncturist", "find a registered acupuncturist how do I",
     "find_practitioner"),
])
def test_word_order_does_not_change_the_topic(matcher: Matcher, question: str, reordered: str,
                                              topic: str) -> None:
    assert matcher.match(question).topic == topic
    assert matcher.match(reordered).topic == topic


def test_long_rambling_in_scope_message(matcher: Matcher) -> None:
    message = (
        "sorry for the long message, I have been dealing with this for a while now and my "
        "sister said she tried it and I am a bit nervous about needles in general but anyway "
        "what I really wanted to know is whether acupuncture actually helps with sciatica or "
        "is it just a waste of money, thanks")
    assert matcher.match(message).topic == "acupuncture_sciatica"


@pytest.mark.parametrize(("story", "topic"), [
    ("I work in an office and sit at a desk all day. My partner says I slouch a lot. We went "
     "on a long walk at the weekend and that was fine. What painkillers are okay to take for "
     "back pain?", "painkillers"),
    ("Right, long one. We moved house in the summer and the old bed went to the tip. The new "
     "one came with the flat and it sags in the middle, and my back is stiff every morning "
     "now. The kids love bouncing on it though. What kind of mattress is best for a bad back",
     "sleep"),
])
def test_a_story_is_matched_on_the_sentence_that_asks(matcher: Matcher, story: str,
                                                      topic: str) -> None:
    assert len(story.split()) > 40
    assert matcher.match(story).topic == topic


@pytest.mark.parametrize(("story", "topic"), [
    ("Morning. I drive a bus for a living, ten hour days behind the wheel. Since Monday the "
     "bottom of my back has ached, worst when I get up from the seat and first thing. It "
     "just sits there low down all day. Is this normal and how long will it hang around?",
     "lower_back_pain"),
    ("Hi, I'm 52 and stack shelves at night. For a fortnight I've had a hot burning line "
     "from my left buttock down the back of my thigh into my calf. The back itself only "
     "niggles. My husband reckons it's sciatica. What is it exactly, a nerve or a muscle?",
     "sciatica"),
])
def test_a_story_question_is_read_with_its_background(matcher: Matcher, story: str,
                                                      topic: str) -> None:
    """The question alone ("how long will it hang around?") says nothing of backs: the
    sentences around it say what "it" is."""
    assert len(story.split()) > 40
    assert matcher.match(story).topic == topic


def test_a_story_that_asks_nothing_and_opens_with_a_greeting_is_hello(matcher: Matcher) -> None:
    story = ("Good evening! I am hopeless with technology, I turned 81 in March, but my "
             "nephew put this on my tablet at the weekend and showed me which bit to press. "
             "He told me to introduce myself first and see what happens, so here I am, a "
             "retired postman from rainy Swansea.")
    assert matcher.match(story).topic == "greeting"
    # a story of a back is no hello, whatever it opens with
    told = ("Hello there. My back has been stiff and sore since I moved the wardrobe on "
            "Saturday, and my neighbour keeps telling me to lie flat for a week and not "
            "move at all until it settles down.")
    assert matcher.match(told).topic != "greeting"


def test_a_thanks_story_that_names_another_condition_is_still_thanks(matcher: Matcher) -> None:
    story = ("Thank you SO much!! I was really stressed about my exams this week and honestly "
             "could not think straight at all. You have been an absolute star, bye for now")
    assert matcher.match(story).topic == "thanks"


@pytest.mark.parametrize(("question", "topic"), [
    ("please cease sending the weekly tips", "unsubscribe"),
    ("unsubscribe me from the tips, ta very much", "unsubscribe"),
    ("merci mille fois, you cleared that right up", "thanks"),
    ("when does national back week happen this year", "awareness_week"),
    # a price in pounds asks what it costs; "top" as first is no upper back
    ("is £45 reasonable for acupuncture", "cost_and_access"),
    ("is sitting all day the top reason people get back pain", "back_pain_causes"),
])
def test_small_talk_the_campaign_and_costs_in_other_words(matcher: Matcher, question: str,
                                                    topic: str) -> None:
    # Thanks said with a request to leave go with the request.
    assert matcher.match(question).topic == topic


def test_a_story_that_asks_nothing_and_opens_with_thanks_is_thanks(matcher: Matcher) -> None:
    story = ("Thanks ever so much for the messages this week. I'd been fretting about my back "
             "for ages and reading all sorts of nonsense online. It was good to read something "
             "calm and sensible for once. I'll keep walking and go to my GP if it stays bad.")
    assert matcher.match(story).topic == "thanks"


@pytest.mark.parametrize(("question", "pregnancy"), [
    ("24 weeks gone and my back is aching, what can I do", True),
    ("15 weeks with my first and my lower back is sore, is that normal", True),
    ("backache 🤰 what can I take", True),
    ("expecting twins and my back is killing me", True),
    ("been 3 weeks with a bad back now, what should I do", False),
    ("27 weeks and my hips and lower back are throbbing, any ideas", True),
    ("34wks and the back ache is relentless", True),
    ("thirty one weeks and my back is in bits", True),
    ("im 26 weeks and my back aches from morning to night", True),
    ("35 weeks, lower back agony, what is safe to take", True),
    ("little one is due in a month and my back is in pieces", True),
    ("20 weeks lower back pain, physio not helping", False),
    ("4 weeks and my back is no different, what now", False),
    ("22 weeks and counting on the physio list, my back is sore", False),
    ("19 weeks and my back still aches every evening", False),
    ("I'm not pregnant but my lower back aches, what helps", False),
    ("I was expecting needles in my back but she put them in my hands, why is that?", False),
])
def test_pregnancy_is_decided_only_when_it_is_said_of_now(
        matcher: Matcher, question: str, pregnancy: bool) -> None:
    assert (matcher.match(question).topic == "pregnancy") is pregnancy


@pytest.mark.parametrize(("question", "topic"), [
    ("why would a cat hold up one back leg", "fallback"),
    ("my dog keeps licking his back paw", "fallback"),
    ("sharp pain down the back of my leg, what is it", "sciatica"),
])
def test_an_animals_back_leg_is_not_a_back(matcher: Matcher, question: str, topic: str) -> None:
    assert matcher.match(question).topic == topic


@pytest.mark.parametrize(("question", "topic"), [
    ("our cat seems to have hurt her back jumping off the wardrobe, what should we do",
     "fallback"),
    ("is it a disc problem in dogs when they cry as you pick them up", "fallback"),
    ("i hurt my back lifting the dog into the car, what helps", "self_care"),
])
def test_an_animals_back_is_not_a_persons(matcher: Matcher, question: str, topic: str) -> None:
    assert matcher.match(question).topic == topic


@pytest.mark.parametrize("question", [
    "my eczema flared up again and keeps coming back on my arms, what cream is best",
    "my migraines went away but they came back last month, why",
    "after my knee operation, when can i go back to the gym",
])
def test_back_as_again_is_not_a_back(matcher: Matcher, question: str) -> None:
    assert matcher.match(question).topic == FALLBACK


@pytest.mark.parametrize("question", [
    "the back fence blew down in the storm, who pays to fix it",
    "a rash came up on my back after a new washing powder, what cream should i use",
    "itchy spots all over my back, what are they",
    "best way to treat spots on the back",
])
def test_a_buildings_back_or_the_skin_of_a_back_is_not_back_pain(matcher: Matcher,
                                                                  question: str) -> None:
    assert matcher.match(question).topic == FALLBACK


@pytest.mark.parametrize(("question", "topic"), [
    ("should i sleep with a cushion between my knees", "sleep"),
    ("hugging my knees to my chest, is that a good stretch", "exercises"),
    ("do they ever put a needle in your ear", "acupuncture_points"),
    ("where do the needles go, will one go in my ankle", "acupuncture_points"),
    ("can acupuncture help my knee", FALLBACK),
    ("needles in my ear for tinnitus, does it work", FALLBACK),
])
def test_a_knee_or_an_ear_as_a_place_names_no_other_condition(matcher: Matcher, question: str,
                                                              topic: str) -> None:
    assert matcher.match(question).topic == topic


@pytest.mark.parametrize(("question", "ours"), [
    ("I get so anxious at blood tests, any tips to stay calm with the needle", False),
    ("I fainted at my last blood test, will acupuncture needles be as bad?", True),
    ("can acupuncture lower my blood pressure", False),
])
def test_other_needle_work_is_ours_only_beside_acupuncture(matcher: Matcher, question: str,
                                                           ours: bool) -> None:
    assert (matcher.match(question).topic != FALLBACK) is ours


@pytest.mark.parametrize("question", [
    "please translate 'slipped disc' into Urdu for my gran",
    "gift ideas for my dad after his spine op?",
    "crossword clue 'small of the back', six letters",
])
def test_an_errand_about_a_back_is_still_an_errand(matcher: Matcher, question: str) -> None:
    assert matcher.match(question).topic == FALLBACK


def test_a_story_about_a_back_puts_its_question_in_our_field(matcher: Matcher) -> None:
    """The question names no back ("would going in early do any harm?"), the story does."""
    story = ("My back went on Sunday lifting the lawnmower and the GP signed me off for a week. "
             "Feeling a bit brighter now but bored silly at home with nothing to do all day "
             "long. Would going in early on light duties do any harm?")
    assert matcher.match(story).topic == "work"


def test_asking_for_tips_inside_a_sentence_is_a_question(matcher: Matcher) -> None:
    story = ("Put my back out yesterday hauling the recycling bins round the side of the "
             "house. With two little ones I cannot just lie down all day. Just looking for "
             "some simple things I can do at home to ease it, any tips welcome")
    assert matcher.match(story).topic == "self_care"


def test_a_town_is_no_word_of_our_field(matcher: Matcher) -> None:
    question = ("Any recommendations for a good curry house in Leicester? Visiting my sister "
                "next weekend and want somewhere nice to take her.")
    assert matcher.match(question).topic == FALLBACK


@pytest.mark.parametrize(("question", "topic"), [
    ("on rivaroxaban, can i still have acupuncture", "acupuncture_safety"),
    ("how can i tell if an acupuncturist is licensed", "find_practitioner"),
    ("is a bad back hereditary", "back_pain_causes"),
])
def test_other_words_for_what_examples_say(matcher: Matcher, question: str, topic: str) -> None:
    # Blood-thinning medicines by name, US spellings, words for inheriting.
    assert matcher.match(question).topic == topic


@pytest.mark.parametrize("question", [
    "not about my back this time, is there anything for hay fever that works fast",
    "i dont have back pain but my knee is swollen, what helps",
    # a hedge between the denial and the back does not end it
    "I don't really have a back problem, what helps hay fever",
    # the bot's field, nobody's back
    "I know you do backs, but how do I stop my knee clicking",
    # the back only where another pain spreads
    "my stomach cramps spread round into my back, what helps ibs",
])
def test_a_back_said_not_to_be_the_matter_keeps_nothing_in_scope(matcher: Matcher,
                                                                 question: str) -> None:
    assert matcher.match(question).topic == FALLBACK


@pytest.mark.parametrize("question", [
    "does walking the dog help a bad back",
    "i cant lift my arm without pain between my shoulder blades",
    "no headaches, just back pain, what helps",
    "my back pain keeps coming back every winter, why",
])
def test_a_persons_back_still_keeps_a_question_in_scope(matcher: Matcher,
                                                        question: str) -> None:
    assert matcher.match(question).topic != FALLBACK


@pytest.mark.parametrize("question", [
    "what is 25% of 70",
    "can acupuncture help with menopause hot flushes",
    "is a new tattoo safe if i take blood thinners",
    "book me a gp appointment for tomorrow",
    "help me write a cover letter for a care home job",
    "how long should I boil an egg for a runny yolk",
    ("Long week at work and the kids are at their dad's so the house is quiet for once. I "
     "have the whole evening to myself with a takeaway. What do you reckon I should watch "
     "tonight? Nothing too scary please."),
])
def test_sums_errands_chat_and_other_conditions_fall_back(matcher: Matcher,
                                                          question: str) -> None:
    # A number says nothing of backs; "you" alone is no health question, nor a word only
    # triage knows ("runny", of a cold); a question about the symptoms of another condition
    # is not one about back pain's warning signs. (Triage is tested on its own: here only
    # the topic the message would otherwise get counts.)
    result = matcher.match(question)
    assert (result.asked if result.triage else result.topic) in (None, FALLBACK)


def test_a_tattoo_compared_in_an_acupuncture_story_stays_ours(matcher: Matcher) -> None:
    story = ("My brother has booked acupuncture for his sore lower back next week and asked me "
             "what it actually is. I had no idea what to tell him. Is it a bit like getting a "
             "tattoo? What is the idea behind it?")
    assert matcher.match(story).topic == "acupuncture_basics"


def test_a_story_about_another_condition_stays_out_of_scope(matcher: Matcher) -> None:
    story = ("I have had a bad knee for years and my physio says it is arthritis. It swells "
             "after football on a Sunday and clicks on the stairs. My back is fine these "
             "days. What can I do for the swelling in my knee?")
    assert matcher.match(story).topic == "fallback"


def test_a_story_that_asks_about_another_condition_stays_out_of_scope(
        matcher: Matcher) -> None:
    """The back in the background does not make the question ours."""
    story = ("My lower back aches most days from lifting at work, though I'm used to that. "
             "These days I'm bloated after every meal. Which tablets work best for heartburn?")
    assert len(story.split()) > 25
    assert matcher.match(story).topic == "fallback"


@pytest.mark.parametrize("story", [
    "My back has actually been much better since I started swimming, so thanks. But now my "
    "right knee swells up after football and clicks on the stairs. What could be causing that?",
    "back is fine these days. my knee though, any idea why it locks when i get up?",
])
def test_the_back_said_to_be_fine_does_not_keep_another_condition_in_scope(
        matcher: Matcher, story: str) -> None:
    assert matcher.match(story).topic == "fallback"


@pytest.mark.parametrize(("clause", "settled"), [
    ("my back has actually been much better since swimming", True),
    ("backs fine these days", True),
    ("my sciatica is ok now", True),
    ("how do i make my back better", False),
    ("what can i do to get my back ok again", False),
    ("i need my back better for the wedding", False),
    ("my back is killing me", False),
    ("the physio was good, my back still hurts", False),
])
def test_the_back_is_settled_only_when_said_to_be_fine(matcher: Matcher, clause: str,
                                                       settled: bool) -> None:
    assert matcher._settled(clause.replace(",", "").split()) is settled


def test_a_typed_topic_id_opens_it(content: Content, matcher: Matcher) -> None:
    for topic in content.topics.values():
        assert matcher.route(topic.id) == topic.id
        if topic.id not in TRIAGE_TOPICS:
            assert matcher.match(topic.id).topic == topic.id

@pytest.mark.parametrize("question", [
    "what's the weather going to be like tomorrow",
    "how do I reset my wifi password",
    "recipe for banana bread",
    "what's the capital of France",
    "can I get a dog",
    "how do I bake a cake",
    "how tall is mount everest",
    "what's the best mattress to buy",
])
def test_everyday_question_falls_back(matcher: Matcher, question: str) -> None:
    match = matcher.match(question)
    assert (match.topic, match.emergency) == (FALLBACK, False), match


@pytest.mark.parametrize("question", [
    "can acupuncture help with migraines",
    "does acupuncture help with fertility",
    "is reflexology good for stress",
    "acupuncture for my knee pain",
    "is reflexology good for back pain",
    "what is fibromyalgia",
    "does reiki help sciatica",
    "can acupuncture treat tennis elbow",
    "what is plantar fasciitis",
    "what is carpal tunnel syndrome",
    "does acupuncture help IBS",
    "is acupuncture good for depression",
    "does acupuncture help with insomnia",
    "can acupuncture help arthritis in my hands",
    "how do I treat a sprained ankle",
])
def test_another_condition_or_therapy_falls_back(matcher: Matcher, question: str) -> None:
    match = matcher.match(question)
    assert (match.topic, match.emergency) == (FALLBACK, False), match


@pytest.mark.parametrize("question", [
    "does acupuncture help with hay fever",
    "can acupuncture help me lose weight",
    "can acupuncture help with a frozen shoulder",
    "does acupuncture work for period pain",
])
def test_unlisted_condition_falls_back(matcher: Matcher, question: str) -> None:
    assert matcher.match(question).topic == FALLBACK


@pytest.mark.parametrize("text", [
    "", " ", "   \n\t  ", "\u200b", "🤔🤷‍♀️", "👍🏽👍🏽", "?!?", "…", "-- // ** __",
    "<b>&amp;</b>", "\x00\x01\x1b[31m", "x" * 100_000, "🙂" * 50_000, "?" * 100_000,
], ids=repr)
def test_empty_or_odd_input_falls_back_without_raising(matcher: Matcher, text: str) -> None:
    match = matcher.match(text)
    assert (match.topic, match.emergency) == (FALLBACK, False), match


def test_huge_in_scope_input_does_not_raise(matcher: Matcher) -> None:
    match = matcher.match("my lower back aches, what is acupuncture? " * 2500)
    assert match.topic in TOPIC_IDS


# -- route(): deep links, button data, typed menu titles ------------------------------------

def test_route_maps_every_id_and_title(content: Content, matcher: Matcher) -> None:
    for topic in content.topics.values():
        assert matcher.route(topic.id) == topic.id
        assert matcher.route(topic.id.replace("_", "-")) == topic.id  # deep links use '-'
        assert matcher.route(topic.title) == topic.id
        assert matcher.route(topic.title.upper()) == topic.id
        assert matcher.route(topic.title.rstrip("?") + "?") == topic.id


def test_typing_a_menu_title_matches_that_topic(content: Content, matcher: Matcher) -> None:
    for topic in content.topics.values():
        # Triage replies are reached only by triage: typing "Call 999 now" reports nothing.
        if topic.id != FALLBACK and topic.id not in TRIAGE_TOPICS:
            assert matcher.match(topic.title).topic == topic.id, topic.title


@pytest.mark.parametrize("payload", [
    "", " ", "nonsense", "sciatica2", "topic:sciatica", "../responses/topics/sciatica",
    "sciatica; drop table", "x" * 1000, "🙂",
])
def test_route_rejects_unknown_payloads(matcher: Matcher, payload: str) -> None:
    assert matcher.route(payload) is None


# -- determinism ----------------------------------------------------------------------------

SAMPLE = [q for q, _ in TYPICAL] + [
    "accupuncture for sciatica", "how do I reset my wifi password", "bak pain and i keep "
    "weting myself", "my bowles havent worked right", "i cant controll my blader"]


def test_matching_is_deterministic(content: Content, matcher: Matcher) -> None:
    first = [matcher.match(q) for q in SAMPLE]
    assert [matcher.match(q) for q in SAMPLE] == first
    assert [Matcher(content).match(q) for q in reversed(SAMPLE)] == first[::-1]


def _ask_with_hash_seed(seed: int, questions: list[str]) -> list[tuple[str, bool]]:
    env = {k: v for k, v in os.environ.items() if k != "RESPONSES_DIR"}
    env["PYTHONHASHSEED"] = str(seed)
    result = subprocess.run([sys.executable, "-m", "bot", "ask", "--json"], cwd=REPO, env=env,
                            input="\n".join(questions) + "\n", capture_output=True, text=True,
                            timeout=60, check=True)
    return [(a["topic"], a["emergency"]) for a in map(json.loads, result.stdout.splitlines())]


@pytest.mark.slow
def test_answers_do_not_depend_on_the_process(matcher: Matcher) -> None:
    questions = ["bak pain and i keep weting myself", "i keep weting myself"]
    answers = {seed: _ask_with_hash_seed(seed, questions) for seed in range(6)}
    assert len(set(map(tuple, answers.values()))) == 1, answers


@pytest.mark.parametrize(("question", "topic"), [
    ("is a massage any good for a bad back", "other_treatments"),
    ("should i see a chiropractor about my sciatica", "other_treatments"),
    ("osteopath or physio for lower back pain?", "other_treatments"),
    ("is chiropractic better than physio for my upper back", "other_treatments"),
    ("does cupping therapy work", "acupuncture_types"),
    ("is a tens machine any good for sciatica", "acupuncture_types"),
])
def test_other_treatments_have_their_own_topics(matcher: Matcher, question: str,
                                                topic: str) -> None:
    assert matcher.match(question).topic == topic


def test_a_comparison_with_acupuncture_is_answered(matcher: Matcher) -> None:
    match = matcher.match("is acupuncture better than a chiropractor for back pain")
    assert match.topic == "other_treatments"


@pytest.mark.parametrize("question", [
    "where would an acupuncturist put pins for backache",
    "which acupuncture points on the legs are used for a sore back",
])
def test_a_part_of_the_back_is_a_topic_only_when_named(matcher: Matcher, question: str) -> None:
    # Points for "backache" are about points: the lower back's topic needs the lower back said.
    assert matcher.match(question).topic == "acupuncture_points"


def test_leaving_the_campaign_must_be_asked_for(matcher: Matcher) -> None:
    assert matcher.match("yes please, keep the messages coming").topic == "subscribe"


@pytest.mark.parametrize(("question", "topic"), [
    ("i have epilepsy and asthma, is acupuncture risky for me", "acupuncture_safety"),
    ("can acupuncture cure asthma", FALLBACK),
    ("are botox injections safe", FALLBACK),
    ("is reflexology safe for diabetics", FALLBACK),
])
def test_acupunctures_safety_with_another_condition_is_ours(matcher: Matcher, question: str,
                                                            topic: str) -> None:
    # Whether needles are safe with a condition is ours; whether they treat it is not, and
    # neither is the safety of another therapy.
    assert matcher.match(question).topic == topic


def test_another_therapy_compared_in_an_acupuncture_story_names_no_condition(
        matcher: Matcher) -> None:
    story = ("My aunt says acupuncture is basically the same as reflexology. I have no idea "
             "myself and feel a bit daft asking her. What is acupuncture actually, and how is "
             "it supposed to work?")
    assert matcher.match(story).topic == "acupuncture_basics"


@pytest.mark.parametrize(("question", "topic"), [
    ("does lumbago mean something different from normal low back ache", "lower_back_pain"),
    ("how many bones are in the human spine", FALLBACK),
])
def test_a_short_question_about_ones_own_back_needs_less_resemblance(
        matcher: Matcher, question: str, topic: str) -> None:
    # The writer's back (or lumbago, sciatica) is ours for sure; a spine in general is not.
    assert matcher.match(question).topic == topic


def test_a_story_question_pointing_back_at_the_story_reads_it(matcher: Matcher) -> None:
    story = ("I saw the orthopaedic surgeon today and he talked about a facet joint injection "
             "and maybe a radiofrequency treatment after that. What are these, and do they "
             "help with long lasting back pain?")
    assert matcher.match(story).topic == "injections_surgery"


def test_a_story_question_in_everyday_words_that_clearly_asks_one_thing(
        matcher: Matcher) -> None:
    story = ("Last month my back went again while hoovering, the third time this year, and I "
             "was off work for days. It's fine at the moment. How can I avoid it happening "
             "again?")
    assert matcher.match(story).topic == "prevention"


@pytest.mark.parametrize("story", [
    ("Slightly off topic. My brother hurt his back moving a sofa last week and is moaning "
     "non stop. Anyway, do you know what time the council tip opens on Sundays?"),
    ("My back is stiff after a whole weekend of gardening and digging out the borders, which "
     "I suppose serves me right at my age. When is the right time to prune the wisteria?"),
])
def test_a_story_asking_about_something_else_falls_back(matcher: Matcher, story: str) -> None:
    # Said to be off topic, or asked with a rare word no example knows ("wisteria").
    assert matcher.match(story).topic == FALLBACK


@pytest.mark.parametrize("story", [
    # said off topic, asked in everyday words, the story matching nothing as a whole
    ("Off topic, sorry, but you always seem to know things. My back has been rubbish for "
     "years so I sit down a lot, and I have taken up making bread. My loaves come out flat "
     "and heavy every single time. What am I doing wrong?"),
    # asked with a rare word no example knows, the story matching nothing as a whole
    ("My back has been grumbling for months so I sit about a lot more, and I have started "
     "helping my nephew with his revision. Could you explain how photosynthesis works in a "
     "leaf, in simple words?"),
    # the sentence turns away from the back it names: only what follows is its question
    ("My lower back has ached on and off ever since I started working nights at the depot "
     "last winter, but today I'm stuck on something else entirely: how many calories should "
     "I eat on a night shift?"),
    # said to be another question, or not why they are here
    ("My lower back has been so much easier since the physio, so thanks for the tips. "
     "Completely different question though: how do I get candle wax off a wool rug? My "
     "nephew knocked one over at his party."),
    ("I've had sciatica on and off for a decade but that's not why I'm here today. My "
     "daughter wants guitar lessons and I have no idea what they cost round here. Roughly "
     "what should we set aside?"),
    # asking the bot's opinion about the story is no question about the bot
    ("Right, I need a new washing machine. My back is dodgy so I want one that sits up high, "
     "but mainly I need to know whether a front loader or a top loader lasts longer. Budget "
     "is about five hundred pounds. What would you go for?"),
])
def test_a_back_in_the_background_puts_no_other_question_in_our_field(
        matcher: Matcher, story: str) -> None:
    assert matcher.match(story).topic == FALLBACK


def test_a_story_that_asks_about_the_bot_is_about_the_bot(matcher: Matcher) -> None:
    # unlike asking its opinion ("what would you go for?") in a story about something else
    story = ("My sister sent me the link to you after I hurt my back lifting the shopping last "
             "week, and the tips have been great. Out of interest, who made you?")
    assert matcher.match(story).topic == "about"


@pytest.mark.parametrize(("question", "ours"), [
    ("what gets rid of back acne quickly", False),
    ("best way to remove back hair at home", False),
    ("back acne, and my lower back aches as well, what eases the ache", True),
])
def test_a_backs_skin_is_no_back(matcher: Matcher, question: str, ours: bool) -> None:
    assert (matcher.match(question).topic != FALLBACK) is ours


@pytest.mark.parametrize(("question", "topic"), [
    ("roughly how much for acupuncture", "cost_and_access"),
    ("have there been clinical trials of acupuncture for back ache", "acupuncture_back_pain"),
    ("should i stop deadlifts while my back is sore", "exercises"),
    ("best home office setup for a bad back", "work"),
    ("who is behind this chat", "about"),
    ("is pgp common", "pregnancy"),
    ("my pelvic girdle aches when i climb the stairs", "pregnancy"),
    ("how do i get my baby to nap in the day", FALLBACK),
    ("my jaw clicks when i eat", FALLBACK),
    ("whats the best cream for a toddler with nappy rash", FALLBACK),
    ("what weight can a child safely carry in a rucksack", "children"),
    ("whats a healthy weight for my height", FALLBACK),
])
def test_more_words_people_use(matcher: Matcher, question: str, topic: str) -> None:
    # "How much" asks a price; trials are research; a deadlift is lifting weights; pelvic
    # girdle pain is a pregnancy's; a baby, a toddler or a jaw is no question of ours.
    assert matcher.match(question).topic == topic


@pytest.mark.parametrize(("question", "topic"), [
    ("a cue puncture, how does it work", "acupuncture_basics"),
    ("is a kairo practor any good for a bad back", "other_treatments"),
    ("do I need an em are eye for my sciatica", "scans"),
    ("how can I tell if it's my kid knees and not my back", "back_or_kidney"),
    ("akupunkcher for sciatica any use", "acupuncture_sciatica"),
    ("does cyatica ever clear up by itself", "sciatica"),
])
def test_spoken_and_sounded_out_spellings_are_read_as_our_words(matcher: Matcher, question: str,
                                                                topic: str) -> None:
    assert matcher.match(question).topic == topic


@pytest.mark.parametrize(("question", "topic"), [
    ("should I ring the surgery about my bad back", "see_a_doctor"),
    ("my GP surgery won't see me for my back for three weeks, should I push", "see_a_doctor"),
    ("is it worth having surgery on a slipped disc", "injections_surgery"),
])
def test_the_surgery_as_a_gp_practice_is_a_doctor(matcher: Matcher, question: str,
                                                  topic: str) -> None:
    assert matcher.match(question).topic == topic


@pytest.mark.parametrize("question", [
    "woke up with a crick in my neck, how do I loosen it",
    "my neck clicks whenever I look over my shoulder",
    "would an osteopath help a stiff neck",
    "whiplash from a car crash last week, what helps",
])
def test_a_neck_alone_is_no_back(matcher: Matcher, question: str) -> None:
    assert matcher.match(question).topic == FALLBACK


def test_a_neck_with_needles_or_the_back_stays_ours(matcher: Matcher) -> None:
    assert matcher.match("my neck and the top of my back are knotted, what helps").topic \
        == "upper_back_pain"
    assert matcher.match("do they put the needles in your neck").topic != FALLBACK


@pytest.mark.parametrize(("question", "topic"), [
    ("my 11 year olds back aches after PE, normal?", "children"),
    ("is sciatica a thing in teens", "children"),
    ("lower back twinges at 34 weeks, anything I can do", "pregnancy"),
    ("bit of calpol ok for my daughter's sore back", "children"),
    ("our lad is 14 and keeps moaning his back is stiff after rugby", "children"),
])
def test_age_and_stage_words_find_their_topic(matcher: Matcher, question: str, topic: str) -> None:
    assert matcher.match(question).topic == topic


@pytest.mark.parametrize(("clauses", "child"), [
    ([["my", "son", "is", "15", "and", "his", "back", "aches"]], True),
    ([["our", "daughter", "aged", "13", "has", "a", "sore", "back"]], True),
    ([["my", "boy", "12", "says", "his", "back", "hurts"]], True),
    ([["my", "husband", "is", "45", "and", "his", "back", "aches"]], False),
    ([["my", "son", "is", "fine", "but", "i", "lift", "15", "kilos"]], False),
    ([["the", "boy", "is", "12", "minutes", "away"]], False),
])
def test_a_child_is_named_by_age_after_the_words_for_them(clauses: list[list[str]],
                                                          child: bool) -> None:
    assert _a_child(clauses) is child


def test_when_the_likeliest_topic_gives_way_near_ties_go_by_resemblance(
        matcher: Matcher) -> None:
    # acupuncture_back_pain is likeliest but names no needles; of the next two, near-tied,
    # the one whose examples resemble the question wins
    question = "thinking of a massage for this back ache, would that help"
    assert matcher.match(question).topic == "other_treatments"


def test_a_best_topic_too_unlike_gives_way_to_a_likely_one_very_like(
        matcher: Matcher) -> None:
    # naive Bayes puts prevention first ("keep", "going"), which no example resembles
    # enough; other_treatments, nearly as likely, has an example very like it
    assert matcher.match("should i keep going to the chiropractor").topic == "other_treatments"


def test_a_duration_in_weeks_is_no_pregnancy(matcher: Matcher) -> None:
    assert matcher.match("back pain for 14 weeks now, when does it get better").topic \
        != "pregnancy"
    assert matcher.match("my back has hurt since 20 weeks ago").topic != "pregnancy"


@pytest.mark.parametrize(("question", "topic"), [
    ("and side effects though?", "acupuncture_safety"),
    ("ok and mattresses", "sleep"),
    ("what about the price", "cost_and_access"),
])
def test_a_short_follow_up_adding_one_thing_is_matched(matcher: Matcher, question: str,
                                                       topic: str) -> None:
    assert matcher.match(question).topic == topic


@pytest.mark.parametrize("question", [
    "and the weather?",
    "what about tomorrow",
])
def test_a_short_follow_up_in_everyday_words_falls_back(matcher: Matcher, question: str) -> None:
    assert matcher.match(question).topic == FALLBACK


@pytest.mark.parametrize("question", [
    "whats your favourite football team",
    "do you know a good mechanic round Swindon",
    "my gerbil keeps nipping, how do I stop it",
    "subscribe to mrbeast",
    "acupuncture for hay fever, this isn't related to my back",
    "RSI in my fingers from typing all day",
])
def test_chat_other_lists_and_other_complaints_fall_back(matcher: Matcher, question: str) -> None:
    assert matcher.match(question).topic == FALLBACK


@pytest.mark.parametrize(("question", "topic"), [
    ("is there any point trying acupuncture for lumbago", "acupuncture_back_pain"),
    ("acupuncture didn't do a thing for me, what now", "not_a_cure"),
    ("what if the needles don't work for my back", "not_a_cure"),
    ("knee rolls and cat camel, are they good for back pain", "exercises"),
    ("should I tell my gaffer about my sciatica", "work"),
    ("much obliged for the help", "thanks"),
    ("good morning to you, lovely sunshine today", "greeting"),
    ("thank you so much you absolute star", "thanks"),
])
def test_idioms_and_other_words_for_ours(matcher: Matcher, question: str, topic: str) -> None:
    assert matcher.match(question).topic == topic


# -- memory: one string per feature, one float per value ----------------------------------------

def test_the_index_holds_each_feature_and_value_once(matcher: Matcher) -> None:
    """The matcher's tables live as long as the bot: a feature is one (interned) string in all
    of them, and equal statistics are one float object, not one per feature."""
    for features in list(matcher.exact)[:500]:
        assert all(f is sys.intern(f) for f in features)
    assert all(f is sys.intern(f) for f in matcher.idf)
    assert len({id(v) for v in matcher.idf.values()}) == len(set(matcher.idf.values()))
    for table in matcher.log_p.values():
        assert len({id(v) for v in table.values()}) == len(set(table.values()))


def test_a_posting_of_one_example_is_its_number(matcher: Matcher) -> None:
    """A feature in one example of a topic keeps that example's number alone (most do), and
    confidence reads it as it reads a tuple: example 0 included, which is falsy."""
    postings = [p for table in matcher.topic_postings.values() for p in table.values()]
    assert all(isinstance(p, int) or len(p) > 1 for p in postings)
    assert sum(isinstance(p, int) for p in postings) > len(postings) / 2
    topic = matcher.example_topic[0]
    own = [f for f, p in matcher.topic_postings[topic].items()
           if p == 0 or (isinstance(p, tuple) and 0 in p)]
    assert own and matcher.confidence(topic, own, 0.0) == pytest.approx(1.0)


# A story of a person's back whose question, in everyday words, speaks of "it", "this" or
# the person asks about what the story told; one whose question is about something else
# (a visa, a lawn, a car) stays out of scope.
@pytest.mark.parametrize("question", [
    ('My brother is a postman and his back has been playing up since the summer, '
     "mostly after long rounds. He keeps saying he'll shake it off. When should he "
     'stop ignoring it?'),
    ('My other half has been hobbling about with his back for a fortnight and refuses '
     "to make a fuss. He says it's just age. At what point do I drag him along to "
     'someone?'),
    ("I'm 29, fairly active, and for the last month my back has felt tight and sore "
     'most evenings for no reason I can think of. Nothing happened to set it off. Is '
     'this something I should just ride out?'),
    ('My back has been on and off sore since I started a new warehouse job in March. '
     "Some days are fine, others I'm hobbling by the end of the shift. Is it going to "
     'settle or is this my life now?'),
    ("Mum's 66 and her back has been bothering her since she moved into the new flat "
     "with all the stairs. She won't complain to anyone but I can see it. Is there "
     'anything that would make it easier for her?'),
    ("I have had soreness in my back after every football match this season and I'm "
     "only 24. The lads say it's normal. Am I kidding myself that it will sort itself "
     'out?'),
    ("My husband's back has been stiff and achy since he started working from home at "
     "the kitchen table. He won't buy a proper chair. How can I convince him it "
     'matters?'),
    ('My sister has been moaning about her back since she took up paddleboarding in '
     "June. She's convinced it'll pass on its own. Should I tell her to get it "
     'checked?'),
])
def test_a_story_of_a_back_asking_about_it_is_ours(matcher: Matcher, question: str) -> None:
    found = matcher.match(question)
    assert found.topic != FALLBACK and found.triage is None


@pytest.mark.parametrize("question", [
    ('My back has been grumbling since I started the night shifts at the depot. Anyway'
     " the real reason I'm writing: how do I get a refund on a train ticket I never "
     'used?'),
    ("I've had a bad back for years so gardening is hard work for me. The lawn is a "
     'mess after the wet winter. When is the best time to scarify it and put seed '
     'down?'),
    ("With my back the way it is I can't insulate the loft myself, so I've got a man "
     'coming round. Roughly what should I expect to pay for it in a three bed semi?'),
    ("My back aches after long drives, so I'm after a new car with good seats. Which "
     'is more reliable, a Honda Jazz or a Toyota Yaris?'),
    ("I've got a dodgy back and I'm planning a trip to Portugal in May with my sister."
     ' Do I need a visa or is my passport enough for it?'),
    ('Had a sore back since the weekend from painting the hall. The paint has dried '
     'patchy though. Should I put another coat on it or sand it down first?'),
    ("My dad's back is bad so I've been doing his shopping. He's asked me to sort out "
     'his broadband as well because it keeps dropping. Who is the cheapest provider at'
     ' the moment?'),
    ('I put my back out a while ago and spent weeks on the sofa watching box sets. '
     "I've run out of things to watch now. What would you recommend that's like Line "
     'of Duty?'),
])
def test_a_story_of_a_back_asking_about_something_else_falls_back(matcher: Matcher,
                                                                  question: str) -> None:
    assert matcher.match(question).topic == FALLBACK


# Exercise asked for in everyday words ("movements", "moves", "build my back up", the usual
# physio routine, a swimming stroke, nerve flossing) is `exercises`; exercise for another
# joint, exercise beside another treatment, and a benefits claim are not.
@pytest.mark.parametrize("question", [
    "what movements are safe with a bad back",
    "any gentle movements for sciatica in my bum",
    "gp told me to keep active, which stretches count",
    "how do I build up the muscles round my back, I never exercise",
    "what routine do physios usually give for lower back ache",
    "is breaststroke ok for sciatica or will it flare it up",
    "my husband's back is bad, what moves can he do in the lounge",
    "nerve flossing for a trapped nerve, is it any good",
])
def test_exercise_in_everyday_words_is_exercises(matcher: Matcher, question: str) -> None:
    assert matcher.match(question).topic == "exercises"


@pytest.mark.parametrize(("question", "topic"), [
    ("what exercises help a frozen shoulder", FALLBACK),
    ("exercises for my knee after the op", FALLBACK),
    ("pelvic floor exercises after having a baby", FALLBACK),
    ("how do I claim PIP for my bad back", FALLBACK),
    ("can I get a blue badge because of my back", FALLBACK),
    ("hurt my back at the gym yesterday, do I need to see a GP", "see_a_doctor"),
    ("would needles beat doing exercises for my lower back", "acupuncture_back_pain"),
    ("can i take ibuprofen before the gym for my back", "painkillers"),
])
def test_exercise_words_in_other_questions_are_not_exercises(matcher: Matcher, question: str,
                                                             topic: str) -> None:
    assert matcher.match(question).topic == topic


# Whether acupuncture works at all, or is a placebo, asked of no back or sciatica, is
# `acupuncture_basics`; asked of a back, of sciatica, or of another therapy it is not.
@pytest.mark.parametrize("question", [
    "is there solid science behind needling at all",
    "acupuncture, real effect or all in the head",
    "can someone explain acupuncture simply, where it comes from and how it works",
    "how can tiny needles possibly do anything to the body",
    "what is acupuncture meant to do inside you",
    "is acupuncture basically a placebo",
    "is the whole acupuncture thing just placebo",
    "is chinese acupuncture real medicine or just tradition",
])
def test_whether_acupuncture_works_at_all_is_the_basics(matcher: Matcher, question: str) -> None:
    assert matcher.match(question).topic == "acupuncture_basics"


@pytest.mark.parametrize(("question", "topic"), [
    ("do needles do anything for lower back pain or is it placebo", "acupuncture_back_pain"),
    ("would acupuncture do anything for my bad back or is it all placebo",
     "acupuncture_back_pain"),
    ("is acupuncture for sciatica only a placebo", "acupuncture_sciatica"),
    ("is homeopathy just a placebo", FALLBACK),
    ("is reflexology all in the head", FALLBACK),
    ("placebo effect of painkillers for back pain", "painkillers"),
    ("are the needles in acupuncture single use", "acupuncture_safety"),
    ("is acupuncture ok on blood thinners", "acupuncture_safety"),
])
def test_placebo_asked_of_a_back_or_another_therapy_is_not_the_basics(
        matcher: Matcher, question: str, topic: str) -> None:
    assert matcher.match(question).topic == topic


# "back" before a part of a car, a bike or a payslip ("back light", "back brakes", "back
# pay") is no body part: such a question falls back. A person's back near the same words
# ("my back lights up", "my back pays for it", "the back seat... sciatica") stays ours.
@pytest.mark.parametrize("question", [
    "the back bulb on my scooter has gone, where do I get one",
    "do I need to tell the DVLA about a cracked back light",
    "am I owed back pay if my contract was wrong",
    "is back pay taxed differently",
    "how long do firms have to pay back pay owed",
    "the back brakes on my bike squeal, how do I fix them",
    "my back bumper got dented in the car park, who pays",
    "how much is a new back bumper for a fiesta",
])
def test_a_back_of_a_vehicle_or_a_payslip_falls_back(matcher: Matcher, question: str) -> None:
    assert matcher.match(question).topic == FALLBACK


@pytest.mark.parametrize("question", [
    "lifting the bike onto the back rack hurt my lower back",
    "my back lights up with pain when I bend",
    "my back pays for it the day after gardening",
    "does sitting in the back seat on long drives make sciatica worse",
    "my back hurts when I brake hard in the car",
    "does a lumbar cushion help a sore back when driving",
    "sitting as a passenger makes my back ache on long trips",
    "my back goes every time I lift the bike onto the rack",
])
def test_a_persons_back_beside_vehicle_words_stays_ours(matcher: Matcher, question: str) -> None:
    found = matcher.match(question)
    assert found.topic != FALLBACK and found.triage is None


# Whether someone with another condition should avoid acupuncture, or take care with it, is
# a safety question (`acupuncture_safety`), in any of the words that ask it ("avoid",
# "precautions", "suitable", "allowed", "careful"); whether acupuncture treats that
# condition, and avoiding or taking care with other things, are not ours.
@pytest.mark.parametrize("question", [
    "any precautions with acupuncture when you have diabetes",
    "should someone with a pacemaker avoid acupuncture",
    "would someone with epilepsy be unsuitable for needling",
    "is electroacupuncture allowed with a heart condition",
    "I have haemophilia, should I avoid having needles put in",
    "on chemo at the moment, is acupuncture something to avoid",
    "my dad has parkinsons, are there precautions before his acupuncture",
    "any precautions for acupuncture with a pacemaker",
])
def test_avoiding_acupuncture_with_a_condition_is_safety(matcher: Matcher, question: str) -> None:
    assert matcher.match(question).topic == "acupuncture_safety"


@pytest.mark.parametrize("question", [
    "will needles sort out my migraines for good",
    "needles for hay fever, any evidence",
    "avoid foods that cause migraines",
    "which foods should I avoid with diabetes",
    "how careful do I need to be with my diabetes at christmas",
    "should I avoid the gym with asthma",
    "can I have a flu jab if I have a pacemaker",
    "any precautions for travelling with epilepsy",
])
def test_avoiding_other_things_or_treating_a_condition_falls_back(matcher: Matcher,
                                                                  question: str) -> None:
    assert matcher.match(question).topic == FALLBACK


# Whether a long course of chiropractic or osteopathy is worth it, or physio would be better
# (a block of sessions booked up front, relief that lasts a day), is `other_treatments`; the
# number or cost of acupuncture sessions, NHS physio and a sick note are not.
@pytest.mark.parametrize("question", [
    "the chiropractor wants me to book ten more sessions up front, should I",
    "been seeing a chiro for months, does it ever fix things for good",
    "osteopathy every fortnight costs me a fortune, is it worth it",
    "is it better to see a physio than keep going to a chiropractor",
    ("the chiropractor clicks my back and it's great for a day, then back to square one. is "
     "that normal"),
    "should I drop the osteopath and try physio instead for my lower back",
    "is it normal for a chiropractor to want you weekly for months",
    "paying a chiropractor monthly to keep my back in line, good idea?",
])
def test_a_course_of_manual_therapy_is_other_treatments(matcher: Matcher, question: str) -> None:
    assert matcher.match(question).topic == "other_treatments"


@pytest.mark.parametrize(("question", "topic"), [
    ("acupuncture every fortnight, how much will it cost", "cost_and_access"),
    ("how many acupuncture treatments does a course usually need", "acupuncture_session"),
    ("should I carry on with my physio exercises every day", "exercises"),
    ("is it worth seeing a GP before a physio", "see_a_doctor"),
    ("how many sessions of physio does the nhs give", "cost_and_access"),
    ("can an osteopath give me a sick note for work", "work"),
    ("my chiropractor cracked my neck and now I feel dizzy", FALLBACK),
    ("roughly how many needle appointments until my lower back calms down",
     "acupuncture_session"),
])
def test_sessions_of_other_things_are_not_other_treatments(matcher: Matcher, question: str,
                                                           topic: str) -> None:
    assert matcher.match(question).topic == topic


# A number in words ("ninety", "nineteen") is no rare word: a story of a back that asks
# "how do I stop waking up feeling ninety?" stays ours. A story whose question is about
# something else, with numbers in words around it, still falls back.
@pytest.mark.parametrize("question", [
    ('My lower back has been tight every morning for a couple of months and loosens '
     'off by the afternoon. I sleep on my front mostly. What pillow setup or sleeping '
     "position stops me getting up feeling like I'm ninety?"),
    ("I'm nineteen and I've had a sore lower back since starting a job in a warehouse "
     "in the summer. My mates say it's because I'm lifting wrong. What's the right way"
     ' to pick up heavy boxes without hurting it?'),
    ('My back has been giving me grief for about a fortnight after decorating the '
     "lounge. Ibuprofen helps a bit. I'm only in my thirties but I walk about like I'm"
     ' eighty. How long does this normally take to settle?'),
    ("My dad is seventy and he's had a stiff back every morning since the winter "
     "started. He's still walking the dog twice a day. What sort of gentle stretches "
     'are good for someone his age?'),
    ('Been doing a desk job for twelve years now and my lower back aches by mid '
     'afternoon every day. My chair is a cheap one. What should I be changing about '
     'how I sit at work?'),
    ("My back went when I picked up my granddaughter, she's nineteen months and quite "
     "heavy. It's easing now after a week. Is it ok to carry on picking her up or "
     'should I stop for a bit?'),
    ("I'm in my forties and sciatica has come on in my left leg over the last few "
     "weeks. It's worse sitting. What can I do at home to ease it?"),
    ("My back has ached on and off since my twenties and I'm fifty now. It flares a "
     'few times a year. Does acupuncture do anything for long term back pain like '
     'mine?'),
])
def test_a_story_with_numbers_in_words_is_ours(matcher: Matcher, question: str) -> None:
    found = matcher.match(question)
    assert found.topic != FALLBACK and found.triage is None


@pytest.mark.parametrize("question", [
    ("My back has been stiff since the weekend and I'm eighty next month, but I wanted"
     ' to ask about something else. When should I prune my hydrangeas?'),
    ("I'm ninety this year and my back is not what it was, so the family are throwing "
     'me a party. Can you suggest a good caterer for a buffet for forty?'),
    ("My nineteen year old son hurt his back at the gym, but he's fine now. He wants "
     'to learn to drive. How many lessons does a learner usually need?'),
    ('My back ached after a twelve hour shift on my feet. Anyway, can you recommend a '
     'good podcast about true crime?'),
    ('My back has ached for twelve days after the move. Separate question: how do I '
     'bleed a radiator?'),
    ('My dad is ninety and his back is good for his age. Which crossword books are '
     'best for someone his age?'),
    ("I'm sixty with a dodgy back and I'm away on polling day. How do I register for a"
     ' postal vote?'),
    ("My back's been sore for nineteen days. Unrelated, but how do I unblock a sink "
     'with bicarbonate?'),
])
def test_a_story_with_numbers_in_words_asking_else_falls_back(matcher: Matcher,
                                                              question: str) -> None:
    assert matcher.match(question).topic == FALLBACK


# A message that says it was translated ("translated with help from my son", "translated
# by phone app") asks its own question, ours or not; asking for a translation ("translated
# into Polish", "the translation of lumbago") is an errand, not ours.
@pytest.mark.parametrize("question", [
    ('Translated with help of my son. Since three weeks I have sciatica in the leg, '
     'what is the treatment here?'),
    ('translated using an app, sorry for mistakes. my lower back hurts after cleaning '
     'work, what helps?'),
    ('My English is not good so this is translated by my niece. My back is painful '
     'since I lift my grandchild, what can I do at home?'),
    ('Message translated by phone app. I work in a kitchen and my back hurts every '
     'evening, is there exercise for this?'),
    ('This was translated on the computer. My husband has back pain two months, does '
     'acupuncture help it?'),
    ('Sorry for bad English, translated with google. How much does acupuncture cost in'
     ' UK for back pain?'),
    'Translated by my daughter. What is sciatica and will it go away by itself?',
    'translated from Polish by my son: is it safe to have acupuncture when pregnant?',
])
def test_a_translated_message_is_read_for_its_question(matcher: Matcher, question: str) -> None:
    found = matcher.match(question)
    assert found.topic != FALLBACK and found.triage is None


@pytest.mark.parametrize("question", [
    "how is 'slipped disc' translated into Polish",
    'can you get the sciatica leaflet translated into Urdu',
    "what's lower back pain translated to french",
    "translate 'sore lower back' for my Polish carer",
    "what's the Welsh translation of sciatica",
    'what is the translation of lumbago in Italian',
    'can you translate this acupuncture leaflet for my mum',
    "translating 'backache' into Welsh, what's the word",
])
def test_asking_for_a_translation_falls_back(matcher: Matcher, question: str) -> None:
    assert matcher.match(question).topic == FALLBACK


# A "back" that is a car's, a street's or money owed ("back pay", "the back light", "back
# rent") is no body part: such a question is not ours however it resembles an example.
@pytest.mark.parametrize("question", [
    "who do I ring about back payments of child benefit",
    "payroll messed up and owes me back wages, what are my rights",
    "the back streets near me flood every winter, who fixes the drains",
    "where can i buy old back catalogue vinyl cheap",
    "the back brakes squeal on my bike, do i need new pads",
    "the back light on my van keeps flickering",
    "is the back bumper easy to replace",
    "my boss owes me three months back pay",
    "how much does a garage charge to fix the back brakes on a ford fiesta",
])
def test_a_back_of_a_car_or_money_owed_falls_back(matcher: Matcher, question: str) -> None:
    assert matcher.match(question).topic == FALLBACK


@pytest.mark.parametrize(("question", "topic"), [
    ("will my employer pay for physio for my back", "other_treatments"),
    ("does sick pay cover time off with a slipped disc", "slipped_disc"),
    ("is it worth paying for a back massage every month", "other_treatments"),
    ("sitting in traffic with the brakes on all day wrecks my lower back", "lower_back_pain"),
    ("changing a tyre hurt my lower back, what stretches help", "exercises"),
    ("lifting the bumper off my car put my back out, how long till it settles", "self_care"),
    ("any light exercises youd suggest while my back is dodgy", "exercises"),
    ("my back goes into spasm when i brake hard in the car", "self_care"),
    ("does acupuncture help back pain if I sit in a lorry all day", "acupuncture_back_pain"),
])
def test_a_persons_back_beside_cars_and_pay_keeps_its_topic(matcher: Matcher, question: str,
                                                            topic: str) -> None:
    assert matcher.match(question).topic == topic


# A name called at the bot ("stupid bot", "you're useless") asks nothing about it and says
# no hello, however like an `about` or small-talk example; a name called at a question, a
# treatment or a back does not make a real question fall back.
@pytest.mark.parametrize("question", [
    "what a pointless bot",
    "useless bot, waste of time",
    "cheers for nothing, you're useless",
    "hello dumb robot",
    "this chatbot is pants",
    "your answers are rubbish",
    "you're a waste of space mate",
    "this bot is clueless lol",
    "hiya you idiot",
    "honestly this thing is a joke",
])
def test_a_name_called_at_the_bot_falls_back(matcher: Matcher, question: str) -> None:
    assert matcher.match(question).topic == FALLBACK


@pytest.mark.parametrize(("question", "topic"), [
    ("sorry if this is a stupid question, but who runs this bot", "about"),
    ("dumb question but is this bot free to use", "about"),
    ("hi, silly question, are you a real person", "about"),
    ("would acupuncture be a waste of cash for my sciatica", "acupuncture_sciatica"),
    ("the physio was useless, should I try acupuncture for my back", "acupuncture_back_pain"),
    ("my back is rubbish today, what can I do", "self_care"),
    ("crap nights sleep with my bad back, whats the best mattress", "sleep"),
    ("thanks, the stretches you sent were not pointless after all", "thanks"),
    ("is it pointless trying acupuncture for lumbago", "acupuncture_back_pain"),
])
def test_a_name_called_at_anything_else_keeps_its_topic(matcher: Matcher, question: str,
                                                        topic: str) -> None:
    assert matcher.match(question).topic == topic


# "Back" after a thing got back ("get the movement back", "get it back") means "in return":
# it keeps no question about a wrist, a phone or a sofa in scope. A person's back beside
# the same words ("give my back a rest", "an achy back") is still ours.
@pytest.mark.parametrize("question", [
    "My dad is 72 and his wrist has gone weak since the cast came off, he cannot grip the "
    "kettle. His back is fine. The hospital said it takes time. How long till he gets the "
    "strength back and what can he do at home?",
    "my nan had a stroke and wants her confidence back walking to the shops, are there any "
    "groups",
    "I sprained my thumb at netball three weeks ago and it is still puffy, when will I get "
    "the movement back?",
    "since my hip op I have been signed off, when do I get my car keys back from the dvla",
    "left my phone on the bus yesterday, how do I get it back from lost property",
    "my ankle has been stiff since the sprain, the physio says I need to get the mobility "
    "back, what helps",
    "lost feeling in two fingers after the glass cut, will the feeling come back or do i "
    "need to get it back with exercises",
    "the council towed my car, how do I get it back and what does it cost",
])
def test_a_thing_got_back_is_no_back(matcher: Matcher, question: str) -> None:
    assert matcher.match(question).topic == FALLBACK


@pytest.mark.parametrize("question", [
    "how do I get my back back to normal after a slipped disc",
    "I get an achy back after gardening, any stretches",
    "give my back a rest or keep moving, which is better",
    "after a back op how long till I get the strength back in my legs",
    "my sciatica has eased, how do I get the feeling back in my foot",
    "want to get my back stronger, what exercises",
    "lying flat on my back helps, is that normal",
    "my back gives me grief whenever I bring the shopping in, any tips",
    "want my sciatica gone so I can get my running back on track, will acupuncture help",
    "got it back in my lower back again, same twinge as last year",
])
def test_a_persons_back_beside_getting_words_stays_ours(matcher: Matcher, question: str) -> None:
    # the topic itself is other tests' business: this rule must only not push these out
    assert matcher.match(question).topic != FALLBACK


# A book's, a folder's or a cactus's spine ("book spine", "the spine of the folder", "its
# spines") is no person's: it keeps nothing in scope. A person's spine beside books (and a
# spine that is "my spine" or "your spine") is still ours.
@pytest.mark.parametrize("question", [
    "the spine of my favourite paperback has split, can I fix it with tape",
    "my cactus has lost half its spines, is it dying",
    "best way to label the spine of a lever arch folder",
    "the hedgehog in our garden has bald patches on its spines, who do I call",
    "how do I get the spine of a hardback to lie flat without breaking it",
    "the spine on my old bible is falling apart, can it be rebound cheaply",
    "got cactus spines stuck in my palm, how do I get them out",
    "how do I clean the spine of a leather photo album",
    "should book spines face out or in on a shelf for a tidy look",
])
def test_a_books_or_a_cactuss_spine_falls_back(matcher: Matcher, question: str) -> None:
    assert matcher.match(question).topic == FALLBACK


@pytest.mark.parametrize("question", [
    "is there a good book on looking after your spine",
    "I read a book in bed and my spine aches afterwards, is it my posture",
    "my spine clicks when I reach for books on the top shelf",
    "carrying a heavy pile of books hurt my spine, what helps",
    "the spine specialist said it is a bulging disc, does acupuncture help",
    "sitting hunched over notebooks all day, is my spine going to suffer",
    "any stretches for the spine after a long day reading",
    "my spine has ached for days since I spent the weekend building a bookcase",
])
def test_a_persons_spine_beside_books_stays_ours(matcher: Matcher, question: str) -> None:
    # the topic itself is other tests' business: this rule must only not push these out
    assert matcher.match(question).topic != FALLBACK


# A stretch of shoes, a canvas, a budget or dough ("stretch my new shoes", "stretch marks")
# is no exercise: the question is not ours. Stretches for a back, near the same words
# ("in my jeans", "after wearing heels"), still are.
@pytest.mark.parametrize("question", [
    "how can I stretch leather boots that pinch my toes",
    "best way to stretch a canvas over a wooden frame",
    "do bio oils really fade stretch marks after having twins",
    "any tips to stretch the food budget till payday",
    "is it safe to stretch my jeans with a hot bath",
    "how much to hire a stretch limo for a hen do in Leeds",
    "can you stretch wool jumpers that shrank in the wash",
    "how do I stretch pizza dough thin without it tearing",
    "ways to stretch my wages further this christmas, any tips",
])
def test_a_stretch_of_shoes_or_a_budget_falls_back(matcher: Matcher, question: str) -> None:
    assert matcher.match(question).topic == FALLBACK


@pytest.mark.parametrize("question", [
    "in my jeans at work, which stretches ease a stiff lower back",
    "does stretching in the morning help sciatica",
    "which stretch is best for my back when I am in my work boots",
    "is stretching my hamstrings good for back pain",
    "I stretched too far reaching for a shoe and my back twinged, what now",
    "my back is tight after wearing heels all night, any stretches",
    "a good stretch for the back after a long drive",
    "is it ok to stretch if my back is sore from lifting",
])
def test_a_stretch_for_a_back_beside_shoes_stays_ours(matcher: Matcher, question: str) -> None:
    # the topic itself is other tests' business: this rule must only not push these out
    assert matcher.match(question).topic != FALLBACK


# Smoking and vaping in all their forms ("vape", "e cigs", "nicotine", "snus") are another
# matter, not ours, unless the back or sciatica is the question.
@pytest.mark.parametrize("question", [
    "found a vape in my 15 year old's blazer pocket, how do I bring it up without a row",
    "are nicotine pouches as bad as cigs for your gums",
    "how long do nicotine cravings last after quitting, my husband is climbing the walls",
    "what's the cheapest way to get e cigs delivered",
    "my dad chews tobacco, is that worse than smoking",
    "is snus legal to buy in the uk",
    "how many cigars a week is too many",
    "my teenager's vape keeps leaking, how do I fix it",
])
def test_vaping_and_nicotine_fall_back(matcher: Matcher, question: str) -> None:
    assert matcher.match(question).topic == FALLBACK


@pytest.mark.parametrize("question", [
    "does vaping slow down healing of a slipped disc",
    "can nicotine make my sciatica flare up",
    "is it ok to vape before an acupuncture session for my back",
    "my son hurt his back at rugby and now vapes to cope with the pain, what should I do",
    "will quitting tobacco help my lower back heal faster",
    "my sciatica is worse since I gave up cigarettes, coincidence?",
    "does nicotine weaken the discs in my spine",
    "my lower back hurts when I cough, I used to smoke cigars, should I worry",
])
def test_vaping_beside_a_back_stays_ours(matcher: Matcher, question: str) -> None:
    # the topic itself is other tests' business: this rule must only not push these out
    assert matcher.match(question).topic != FALLBACK


# A story that says a person's back is the matter, whose question points back at it ("is it
# normal for it to...", "will it just keep getting worse?"), is ours on a weaker resemblance
# to an example, like a short question about one's own back.
@pytest.mark.parametrize("question", [
    "My husband has had a stiff back since Christmas and keeps saying it is just age. He sits"
    " in the van all day for work. He refuses to see anyone. Will it just keep getting worse if"
    " he ignores it?",
    "My back locked up after a game of five a side last month and my mates keep telling me to"
    " walk it off. I have been taking it easy instead. Which of us has got it right?",
    "My back has been stiff since I started a new warehouse job in October. Nothing dramatic,"
    " just sore at the end of each shift. My partner thinks I am fussing. Is it normal for it"
    " to hang about this long?",
    "Been nursing a dodgy back since I fell off a ladder clearing leaves from the gutter a month"
    " ago. I can walk fine and sleep fine but it nags all day. Will it sort itself out or do I"
    " need to do something?",
    "My husband's back went while he was mowing the lawn last week. He is stubborn and refuses"
    " to rest or take anything. He says moving about is what the doctor told him years ago. Is"
    " he right about that?",
    "My dad hurt his back shifting a wardrobe for my sister over the weekend. He is fit for his"
    " age and never ill. He is trying to carry on as normal but is clearly in pain. Should he"
    " really be resting it or keeping going?",
    "My back has ached since I moved house three weeks ago and it is not really shifting."
    " Friends keep giving me conflicting advice. I have been resting most days. Am I doing more"
    " harm than good?",
    "My father is stubborn and his back has been bad since he dug the vegetable patch. He only"
    " takes half a paracetamol because he does not like pills. Is half a tablet even worth it?",
])
def test_a_story_of_a_persons_back_asking_about_it_is_ours(matcher: Matcher,
                                                           question: str) -> None:
    # the topic itself is other tests' business: this rule must only not leave these unanswered
    assert matcher.match(question).topic != FALLBACK


@pytest.mark.parametrize("question", [
    "Our spaniel hurt his back jumping off the sofa on Saturday and has been whimpering since."
    " The vet is closed until Monday and we are worried sick. Should we keep him in his crate"
    " until then?",
    "I keep getting money back from my energy supplier and I do not understand the statements"
    " at all. They say I am in credit by two hundred pounds. Should I ask for it as a refund?",
    "I have had a bad back for years but that is not why I am writing today. My daughter is"
    " starting university in September. What is the best way to budget for her rent and food?",
    "My horse has a sore back after a long hack on Sunday and the saddle fitter cannot come"
    " until next month. She flinches when I brush her. Should I stop riding her until then?",
    "Back in the summer my car started making a knocking noise over bumps. The garage could not"
    " find anything wrong with it. Is it worth getting a second opinion from another mechanic?",
    "My brother is coming back from Australia after ten years away and we are planning a"
    " surprise party. He loves curry and real ale. Can you suggest a good venue in Leicester"
    " for about forty people?",
    "Our cat has been hiding under the bed since she hurt her back leaping from the wardrobe."
    " She still eats but will not be stroked. Is it normal for her to sulk like this?",
    "I am trying to get my deposit back from a landlord who says the carpets are ruined. It has"
    " been two months now. Is it normal for it to take this long?",
])
def test_a_story_of_no_persons_back_asking_about_it_falls_back(matcher: Matcher,
                                                               question: str) -> None:
    assert matcher.match(question).topic == FALLBACK


# An older person by age ("my gran is 85", "I'm 72 and...", "my father 86", "a 68 year old")
# in a short question about a back is a question about back pain in older people.
@pytest.mark.parametrize("question", [
    "grandpa is 88 now and his spine aches, is there anything for it",
    "uncle turned 70 last month and now his lower back aches",
    "Mum's 83 and her back hurts whenever she stands up",
    "my husband is 77, back stiff after gardening, anything to try",
    "I'm 72 and my back is bad in the mornings, what can I do",
    "our neighbour is 91 and her back has been hurting",
    "my father 86 keeps getting a sore back, advice please",
    "a 68 year old with an aching back, what should he try",
])
def test_an_older_persons_age_asks_about_older_people(matcher: Matcher, question: str) -> None:
    assert _an_elder(matcher.speller.clauses(question))
    assert matcher.match(question).topic == "older_people"


@pytest.mark.parametrize("question", [
    "my back has been sore for 70 days now, what helps",
    "I lift 80 kg at the gym and my back hurts after",
    "the physio wait is 66 weeks, what can I do meanwhile",
    "I paid 75 pounds for a back massage, was it worth it",
    "my back hurts on a 90 minute drive to work",
    "at 45 my lower back started to ache, is that normal",
    "my back pain scores 70 on the app, what now",
    "I walked 67 miles for charity and my back hurts",
])
def test_a_number_that_is_no_older_persons_age_is_no_age(matcher: Matcher,
                                                         question: str) -> None:
    assert not _an_elder(matcher.speller.clauses(question))


# A story's sentence asks something when a question follows a comma, "or" or "now" without a
# question mark ("my mam says swimming is best, is that true or..."), so it weighs as a question.
@pytest.mark.parametrize("sentence", [
    "my physio says walking beats swimming for a sore back, is that right or not",
    "the cream helps a little, will it do any harm using it every day",
    "I have done the stretches for a month now, should I be feeling better by this stage",
    "ibuprofen or paracetamol for a stiff back or can I take both together",
    "my lower back twinges on the bike, would it be better to stop cycling for a bit",
    "sciatica down my left leg since Friday, is there anything to make sleeping easier",
    "my partner reckons a firm mattress is best for backs, are they right about that",
    "if I start acupuncture next week now will it clash with my tablets",
])
def test_a_question_after_a_comma_asks(sentence: str) -> None:
    assert _ASKS_INSIDE.search(sentence)


@pytest.mark.parametrize("sentence", [
    "my back has been sore for a week, it is what it is I suppose",
    "I did the exercises and that is that, my back feels fine now",
    "the pain eased off and now it is much better than last month",
    "my back went at work, I said I would rest it over the weekend",
    "heat pads help my back, they are cheap and easy to use",
    "I take paracetamol for my back and it works well enough for me",
    "my sciatica flared up, so it was a quiet weekend on the sofa",
    "my back is stiff in the mornings and there is a twinge when I bend",
])
def test_a_statement_after_a_comma_asks_nothing(sentence: str) -> None:
    assert not _ASKS_INSIDE.search(sentence)


# Whether a painkiller may be taken with another condition is ours (the painkillers answer
# says who it is not safe for and to ask a pharmacist), though the condition is not; whether
# it treats that condition is not.
@pytest.mark.parametrize("question", [
    "can i take naproxen if i have asthma",
    "is ibuprofen safe when you have high blood pressure",
    "im on blood pressure tablets, can i take co-codamol as well",
    "ibuprofen and diabetes, is it ok to take",
    "is it alright to take nurofen with my arthritis",
    "could tramadol interact with my epilepsy medication",
    "i have asthma. is it safe to take naproxen?",
    "could naproxen be risky with my heart condition",
])
def test_taking_a_painkiller_with_another_condition_is_ours(matcher: Matcher,
                                                            question: str) -> None:
    match = matcher.match(question)
    assert (match.topic, match.triage) == ("painkillers", None), match


@pytest.mark.parametrize("question", [
    "is ibuprofen good for a migraine",
    "can i take paracetamol for period pain",
    "does ibuprofen help gout",
    "is naproxen any use for tennis elbow",
    "codeine for a bad cough",
    "can ibuprofen cure a hangover",
    "can i take my blood pressure tablets at night",
    "does naproxen ease arthritis in the fingers",
    "which painkiller is best for toothache",
    "just had my flu jab and my arm aches, can i take ibuprofen after it? my back is fine so "
    "not about that",
])
def test_a_painkiller_for_another_condition_is_not_ours(matcher: Matcher, question: str) -> None:
    assert matcher.match(question).topic == FALLBACK


@pytest.mark.parametrize(("question", "topic"), [
    ("which side effects do painkillers have", "painkillers"),
    ("is ibuprofen hard on the kidneys", "painkillers"),
    ("my lower back flares up every couple of months, what can i do", "lower_back_pain"),
    ("is low back pain still acute after five weeks", "lower_back_pain"),
    ("bent down to tie a lace and my lower back seized, how can that cause so much pain",
     "lower_back_pain"),
    ("is acupuncture a bit like getting a tattoo", "acupuncture_basics"),
    ("on a scale of one to ten, how much will the acupuncture needles hurt",
     "acupuncture_session"),
    ("how much will the needles sting", "acupuncture_session"),
])
def test_close_topics_are_told_apart(matcher: Matcher, question: str, topic: str) -> None:
    assert matcher.match(question).topic == topic


def test_how_much_it_costs_is_still_a_price(matcher: Matcher) -> None:
    price = matcher.match("how much do acupuncture sessions set you back")
    assert price.topic == "cost_and_access"
    assert matcher.match("my back hurts, how much nurofen is safe to have").topic == "painkillers"


# A crossword, a wordle or horse riding in a story's background is what the person does, no
# task for the bot and no animal's back: the story's question decides. A crossword asked for,
# or a horse's own back, is still not ours.
@pytest.mark.parametrize(("story", "topic"), [
    ("My uncle is 72 and his sciatica flares up now and then. He is stubborn, still does the "
     "crossword in the paper every day and won't see anyone about it. Can you tell me in simple "
     "words what sciatica actually is, so I can persuade him to get it checked?", "sciatica"),
    ("My nan is 84, lives on her own and still does a crossword every morning with her tea. "
     "Her back has been stiff and sore since the winter and she has stopped going to her lunch "
     "club. What can she do to keep moving at her age?", "older_people"),
    ("I do the wordle every morning on the train and a crossword at lunch, sitting hunched "
     "over my phone. My lower back aches by the evening. Could my posture on the commute be "
     "causing it?", "back_pain_causes"),
    ("I ride horses at weekends and my lower back aches after a long hack, what stretches "
     "would help", "lower_back_pain"),
])
def test_a_pastime_in_a_storys_background_keeps_its_question_ours(
        matcher: Matcher, story: str, topic: str) -> None:
    assert matcher.match(story).topic == topic


def test_a_riding_fall_years_ago_keeps_an_acupuncture_question_ours(matcher: Matcher) -> None:
    story = ("My back has been sore for eight years since I came off during horse riding as a "
             "teenager. Scans were clear. Physio and yoga helped a bit. Would acupuncture do "
             "anything for pain that has lasted this long?")
    match = matcher.match(story)
    assert match.topic != FALLBACK and match.triage is None, match


@pytest.mark.parametrize("message", [
    "My dad is ninety and his back is good for his age. He loves puzzles and needs something "
    "to do. Which crossword books are good for older people?",
    "My back has been sore for a week so I am stuck on the sofa with time on my hands. I have "
    "finished every puzzle in the paper. Can you help me with this crossword clue, back part "
    "of a ship, five letters?",
    "crossword clue: small of the back, six letters",
    "my horse has a sore back, can acupuncture help him",
    "my pony keeps bucking when the saddle goes on, could his back be sore?",
])
def test_a_crossword_asked_for_or_a_horses_back_is_not_ours(matcher: Matcher,
                                                           message: str) -> None:
    assert matcher.match(message).topic == FALLBACK


@pytest.mark.parametrize(("question", "topic"), [
    ("my dad is 78, does a bad back take longer to mend at his age", "older_people"),
    ("is it still worth my nan doing exercises for her back now she is over eighty",
     "older_people"),
    ("acupuncture sorted my back a few years ago, could it help my sciatica now",
     "acupuncture_sciatica"),
])
def test_neighbouring_topics_get_their_own_questions(matcher: Matcher, question: str,
                                                     topic: str) -> None:
    assert matcher.match(question).topic == topic


def test_a_question_about_acupuncture_stays_with_acupuncture_in_a_near_tie(
        matcher: Matcher) -> None:
    # Resemblance breaks a near tie, but not away from acupuncture's use when it is asked
    # about: the sciatica topic has an example much like the rest of the words.
    assert matcher.match("is acupuncture likely to shorten a bout of sciatica").topic \
        == "acupuncture_sciatica"
    odds = matcher.match("a bout of sciatica, what are the odds it clears in a month")
    assert odds.topic == "sciatica"


# A sentence asks when it opens on a preposition before a question word ("at what point
# should..."), or asks inside: someone asked to know ("anyone know a good one"), a question
# passed on ("she has asked me whether..."), a doubt between choices ("dunno which...").
@pytest.mark.parametrize("sentence", [
    "at what stage does a sore back need a doctor to look at it",
    "for how long is it normal for a pulled back to ache",
    "in which cases do they send you for a scan of the spine",
    "my lower back is stiff after work, anyone know a decent stretch for it",
    "anybody recommend a cushion for driving with a bad back",
    "my uncle has asked me whether heat or ice is better for his back",
    "the physio gave me five moves and I dunno which matter most",
    "there are so many pillows for sciatica and no idea whether any of them help",
])
def test_a_question_in_these_shapes_asks(sentence: str) -> None:
    assert _ASKS.match(sentence) or _ASKS_INSIDE.search(sentence)


@pytest.mark.parametrize("sentence", [
    "at work my back aches by the afternoon",
    "in the end the pain settled after a fortnight",
    "my neighbour knows a lot about backs and told me to rest",
    "she has asked me to pick up some heat patches for her back",
    "I know which stretches help my back most",
    "my back has been better since I changed chairs",
    "the pharmacist asked about my other tablets before selling me ibuprofen",
    "for two weeks my back was stiff every morning",
])
def test_a_statement_in_those_words_asks_nothing(sentence: str) -> None:
    assert not _ASKS.match(sentence) and not _ASKS_INSIDE.search(sentence)


# Words people use that our examples do not: working from home shortened ("wfh"), the
# employer's department ("hr"), a condition's adjective ("epileptic"), thanks in formal words
# ("grateful"), a formal request to stop the messages ("cease the correspondence", "finish
# the messages"), acupuncture as voice typing hears it ("ask you pun sure").
@pytest.mark.parametrize(("question", "topic"), [
    ("my wfh desk setup is wrecking my back, what should i change", "work"),
    ("should I tell hr about my back problem", "work"),
    ("my hr department says I need a workstation assessment for my back", "work"),
    ("is acupuncture safe for someone who is epileptic", "acupuncture_safety"),
    ("very grateful to you all", "thanks"),
    ("please cease the correspondence", "unsubscribe"),
    ("i want to finish getting these messages", "unsubscribe"),
    ("ask you punk sure for sciatica does it help", "acupuncture_sciatica"),
    ("how much is as cue puncture on the nhs", "cost_and_access"),
])
def test_words_our_examples_do_not_use(matcher: Matcher, question: str, topic: str) -> None:
    assert matcher.match(question).topic == topic


# "Maternity leave" or "maternity pay" is a job's, no pregnancy: a question about it alone is
# not ours; one that says pregnant still is.
@pytest.mark.parametrize("question", [
    "how long is maternity leave in the uk",
    "can i claim maternity allowance if self employed",
    "going back after maternity leave, can I ask to work fewer days",
    "what is statutory maternity pay",
])
def test_maternity_leave_is_no_pregnancy(matcher: Matcher, question: str) -> None:
    assert matcher.match(question).topic == FALLBACK


def test_maternity_leave_with_a_pregnancy_is_pregnancy(matcher: Matcher) -> None:
    assert matcher.match("I'm pregnant and on maternity leave, my back is sore, what helps"
                         ).topic == "pregnancy"


# A short everyday word's comparative or superlative is no rare word ("would a firmer
# mattress help?" asks about the story's back); a doer ("trader") may be one.
@pytest.mark.parametrize("word", ["firmer", "softer", "safer", "bigger", "hardest", "nicer",
                                  "tallest", "warmer", "firmest", "softest"])
def test_a_comparative_is_no_rare_word(matcher: Matcher, word: str) -> None:
    assert not matcher._foreign_word(word)


@pytest.mark.parametrize("word", ["trader", "builder", "plumber", "computer", "number",
                                  "forest", "interest", "harvester"])
def test_a_doer_or_other_word_is_no_comparative(word: str) -> None:
    assert not _compared(word)


# A recurrence is the back pain happening again: prevention.
@pytest.mark.parametrize("question", [
    "how can I avoid a recurrence of my back pain",
    "my back pain seems to recur every winter, how do i prevent that",
])
def test_a_recurrence_is_prevention(matcher: Matcher, question: str) -> None:
    assert matcher.match(question).topic == "prevention"


def test_a_story_asking_about_a_firmer_mattress_is_about_sleep(matcher: Matcher) -> None:
    assert matcher.match(
        "I'm 68 and have had the same bed since we moved house. I wake with a stiff back most "
        "days, though a hot shower sorts it out by mid morning and I potter about fine after. "
        "Would a firmer mattress make any difference, or is that a myth?").topic == "sleep"


# A knee or an ankle where a pain runs to ("from my back down my leg to the ankle") names
# no other condition: the pain is the back's; a knee that hurts itself still does.
@pytest.mark.parametrize(("question", "topic"), [
    ("pain shooting from my lower back down the leg to my knee, is that sciatica", "sciatica"),
    ("a burning line from my buttock down into the ankle, is this a trapped nerve", "sciatica"),
])
def test_where_a_back_pain_runs_to_is_no_other_condition(matcher: Matcher, question: str,
                                                          topic: str) -> None:
    assert matcher.match(question).topic == topic


@pytest.mark.parametrize("question", [
    "my ankle is swollen after a run, what should I do",
    "pain from my knee down to my ankle when I jog, what is it",
    "my knee clicks when I walk down to the shops",
])
def test_a_knee_or_ankle_that_hurts_itself_is_not_ours(matcher: Matcher, question: str) -> None:
    assert matcher.match(question).topic == FALLBACK


# What acupuncture is and how it works is asked in acupuncture's own words (a needle, qi,
# meridians): "could you explain what it involves?" after a story about an injection asks
# about the injection.
@pytest.mark.parametrize(("question", "topic"), [
    ("My specialist wants to give me a nerve root injection for the sciatica in my left leg. "
     "I have read a bit online but I am still nervous about it. Could you explain what the "
     "procedure involves and whether it tends to help?", "injections_surgery"),
    ("what on earth is qi and is it real", "acupuncture_basics"),
    ("how are needles supposed to ease pain anyway", "acupuncture_basics"),
    ("what is the theory of qi", "acupuncture_basics"),
])
def test_what_acupuncture_is_needs_its_own_words(matcher: Matcher, question: str,
                                                 topic: str) -> None:
    assert matcher.match(question).topic == topic


# Fat loss and hearing are other matters; a question about acupuncture that names a symptom
# ("could a needle leave me with an infection?") is about acupuncture, not back pain's warning
# signs; a learner's "what means X?" asks what X means; a "rip off" asks about the price.
@pytest.mark.parametrize("question", [
    "best way to burn fat around my middle",
    "how do i shift the fat i put on over the holidays",
    "where do I get a hearing test done",
    "are hearing aids free for pensioners",
])
def test_fat_loss_and_hearing_are_not_ours(matcher: Matcher, question: str) -> None:
    assert matcher.match(question).topic == FALLBACK


@pytest.mark.parametrize(("question", "topic"), [
    ("could acupuncture needles cause numbness in my leg", "acupuncture_safety"),
    ("is there a risk of infection from acupuncture needles if you have diabetes",
     "acupuncture_safety"),
    ("what means sciatica in english, my doctor wrote it", "sciatica"),
    ("is private acupuncture a rip off", "cost_and_access"),
])
def test_a_question_in_other_words_finds_its_topic(matcher: Matcher, question: str,
                                                   topic: str) -> None:
    assert matcher.match(question).topic == topic


# "I am pregnant no, but...": a learner's "not pregnant" is no pregnancy; a tag "no?" after a
# question about one still is.
@pytest.mark.parametrize(("question", "topic"), [
    ("i am pregnant no, but i have high blood pressure, is acupuncture safe for my back",
     "acupuncture_safety"),
    ("im pregnant not, i have a bad back, is acupuncture safe with my heart condition",
     "acupuncture_safety"),
    ("acupuncture is fine when pregnant, no?", "pregnancy"),
    ("i am pregnant, no idea if acupuncture is safe for my back", "pregnancy"),
])
def test_pregnant_denied_after_the_word(matcher: Matcher, question: str, topic: str) -> None:
    assert matcher.match(question).topic == topic


def test_pregnant_and_unsure_is_pregnancy(matcher: Matcher) -> None:
    assert matcher.match("i am pregnant not sure how far along, is my back ache normal"
                         ).topic == "pregnancy"
