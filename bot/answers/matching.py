"""Map free text to a triage reply, a topic id, or `fallback` when not confident.

A pure function of the text and the content (no Telegram here), so it is easy to test and
to benchmark. The steps, in an order that matters:

1. Fold and spell-correct the words ("accupuncture" -> "acupuncture"), in clauses.
2. Triage first (`bot.answers.triage`): if a rule fires, the topic is its tier's reply
   (`emergency`, `crisis` or `urgent`), whatever else the message says. No score threshold
   can swallow it. A question about warning signs that reports none is `warning_signs`.
   The ordinary topic is still worked out (`Match.asked`), so the reply can offer it.
3. Out-of-scope words ("migraine", "tooth") with nothing about backs or sciatica mean the
   question is near the domain but not ours: fall back rather than guess. A back counts only
   as a person's, said to be the matter: not "coming back", not a dog's, not the back wall,
   not a rash on it, not "this isn't about my back"; and "back" as "again" or a building's
   is no word of ours for matching either. A knee or an ear only as a place ("a pillow
   between my knees", "a needle in my ear") names no other condition, nor another therapy
   compared with acupuncture; and whether acupuncture is safe with another condition is ours.
4. A decisive word ("pregnant", vocabulary.yaml), said of now and not negated, settles the
   topic. Otherwise naive Bayes over the words and word pairs of every topic's examples
   ranks the topics (a topic about one part of the back only when the part is named; leaving
   the campaign only when asked for), and the best wins if its nearest example is close
   enough (an IDF-weighted cosine clears a threshold, lower for a short question about the
   writer's own back); otherwise `fallback`.
5. A long message (a story of several sentences) is also read a sentence at a time: its
   background ("I drive a van 12 hours a day") drowns the question when the whole is
   compared with short examples, so the sentences that ask something weigh most; the
   rest still count a little, since they say what "it" in "what is it?" is, and more when
   the question points back ("what are these?"). A story that says it is off topic, or asks
   with a rare word no example knows, is not ours; a sentence that turns away ("...but I'm
   stuck on something else entirely: ...") is read from where it turns.

The words these rules look for (whose back a "back" is, which topics need which words,
misheard words...) are content: `responses/vocabulary.yaml`, `matching:`. What stays here is
their grammar (pronouns, negations, prepositions) and the regular expressions.
"""

from __future__ import annotations

import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import repeat
from operator import itemgetter, mul

from bot.answers.catalogue import FALLBACK, TRIAGE_TOPICS, WARNING_SIGNS
from bot.answers.content import Content, MatchingWords
from bot.answers.english import is_english, is_everyday
from bot.answers.normalise import fold, stem, words
from bot.answers.spelling import Speller, content_words
from bot.answers.triage import Finding, Tier, Triager
from bot.answers.words import names

# Scores are cosine-like, 0..1. Below this the bot says it is not sure (out-of-scope
# detection) instead of forcing a guess. Tuned on bench/questions/tune.yaml.
THRESHOLD = 0.25
# Word pairs' share of the confidence score (their idf is scaled by this).
PAIR_WEIGHT = 0.5
# Naive Bayes additive smoothing: small, because examples are short and few per topic.
SMOOTHING = 0.2
# The weight of a word no example uses, as if it were a fairly rare word of ours.
UNKNOWN_WEIGHT = 1.5
EVERYDAY_UNKNOWN_WEIGHT = 1.0
# Small talk must be the whole message: "hi, is acupuncture safe?" is about safety.
THANKS = "thanks"
SMALL_TALK = frozenset({"greeting", THANKS})
# Above this a match stands on its own; below it the question must also use a word of our
# field (vocabulary.yaml "domain"), so "train times to manchester" is not a practitioner
# question because an example happened to say "manchester".
CONFIDENT = 0.5
# The crisis reply offers the topic the message would otherwise have had only when the
# match is at least this sure ("I want to die, does acupuncture help back pain" scores 0.9;
# "I'm done with it all" 0.6, a guess).
CRISIS_ASKED = 0.8
# A message longer than this is cut before matching: enough for any real question, and it
# keeps the time per message bounded for a pasted essay.
MAX_WORDS = 200
MAX_CHARS = 20_000
# "my back has actually been much better": the back at most this many words before the word
# that says it is fine; "make my back better" or "how do I get it ok" only wish it
# (`matching: wished`).
SETTLED_REACH = 6
# A short question about the writer's (or the reader's) back, or sciatica ("does lumbago differ
# from ordinary low back pain?", "why is my lower back stiff every morning?") is ours for
# sure, so its best topic needs less resemblance to an example. (In a story, over LONG_WORDS
# words, the back may be only background to another question.)
ANCHORED_THRESHOLD = 0.18
# When the likeliest topic gives way (its needed words are missing), the next two are told
# apart by resemblance if their naive Bayes log odds are at most this far apart.
RUNNER_UP_MARGIN = 1.0
# A best topic too unlike the question to answer gives way to one of the next likeliest
# (up to RESCUE_TOPICS in all, their log odds at most RESCUE_MARGIN below the best) whose
# closest example the question resembles at least this much.
RESCUE = 0.6
RESCUE_TOPICS = 4
RESCUE_MARGIN = 4.0
# Of two topics nearly as likely (log odds at most TIE_MARGIN apart), the one whose closest
# example the question resembles by TIE_GAIN more wins: "thoracic back pain causes" is about
# the upper back, "hi, just found you" a hello. The score stays the likelier one's: this
# decides between topics, not whether to answer.
TIE_MARGIN = 1.0
TIE_GAIN = 0.2
# Over this many words a message is a story: each sentence is matched on its own too.
LONG_WORDS = 25
# In a story, the weight of a sentence that asks nothing against one that asks: the
# background tells what "it" is, the question what is wanted. Tuned on bench/questions.
CONTEXT_WEIGHT = 0.3
# ...but a question that points back at the story ("what are these procedures?", "are they any
# good?") is about what the story named, so the story counts for more.
POINTING_WEIGHT = 0.7
_POINTING = frozenset({"these", "such"})
# A question in everyday words that speaks of "it", "this" or the person ("should he stop
# ignoring it?", "is this normal for my age?") asks about what the story told, if it uses at
# most this many words no example knows ("how do I reset it?" after "the remote won't pair"
# asks about something else).
_REFERS = frozenset({"it", "its", "this", "he", "him", "she", "her", "i", "me", "my"})
REFER_UNKNOWN = 1
# ...and so does one that opens on "that" ("is that worth doing?", "would that help?").
_POINTS_BACK = frozenset({"is", "was", "would", "will", "does", "did", "could", "can",
                          "should"})
# A story that says it is off topic ("bit off topic, but...").
_SAID_OFF_TOPIC = re.compile(r"\boff[ -]topic\b|\bunrelated\b|\bnothing to do with (?:my |your )?"
                             r"backs?\b|\bchange of subject\b|\bdifferent (?:subject|topic)\b"
                             r"|\b(?:completely|totally|entirely) different question\b"
                             r"|\bsomething (?:else|different) entirely\b"
                             r"|\bnot (?:why|what) i(?:['’]?m| am) "
                             r"(?:here|writing|messaging|asking)\b",
                             re.IGNORECASE)
# Where a sentence turns away from what came before ("...my back has ached since I started
# nights, but I'm stuck on something else entirely: how many calories..."): what follows is
# read as a sentence of its own, so the back before it does not keep its question ours.
_TURNS_AWAY = re.compile(r"\b(?:off[ -]topic|something (?:else|different) entirely|"
                         r"(?:a )?(?:completely|totally) different (?:subject|topic|question))\b",
                         re.IGNORECASE)
# A number in words ("ninety", "nineteen", "twenties"): no rare word, whatever the word list.
_NUMBER_WORD = re.compile(r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                          r"(?:thir|four|fif|six|seven|eigh|nine)teen|(?:twen|thir|for|fif|"
                          r"six|seven|eigh|nine)t(?:y|ies)|hundred|thousand|dozen)s?")
# A story that says it only says hello ("...thought I would say hello first").
_SAYS_HELLO = re.compile(r"\b(?:say|saying|said) (?:hello|hi|hiya|hey)\b")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
# How a sentence that asks something starts, when its writer left out the question mark.
_ASKS = re.compile(r"^\W*(?:what|whats|how|is|are|can|could|should|shall|would|will|does|do|"
                   r"did|why|when|where|which|who|any|anyone|anything|tips|advice|help|"
                   r"please|pls|plz|tell|explain|i want to know|i wonder|i wondered|"
                   r"i was wondering|wondering|id like to know|i would like to know|"
                   # "at what point should...", "for how long...", "in which cases..."
                   r"(?:at|for|in|by|from|after|on|to|with|up to) (?:what|which|how|whom)"
                   r")\b", re.IGNORECASE)
# Asking inside a sentence: "...and I wondered whether it does any good", "just looking for
# practical tips, any advice appreciated".
_ASKS_INSIDE = re.compile(r"\b(?:i wonder|i wondered|we wonder|we wondered|wondering) "
                          r"(?:if|whether)\b|"
                          r"\b(?:i['’]?d|i would|we would|we['’]?d) (?:like|love) to "
                          r"(?:know|find out|understand)\b|\b(?:i|we) (?:want|need) to know\b|"
                          r"\b(?:can|could) (?:you|someone|anyone) (?:tell|explain)\b|"
                          r"\b(?:do|does) (?:you|anyone) know\b|"
                          # "anyone know any simple ones", "he has asked me whether it is..."
                          r"\b(?:anyone|anybody|someone|somebody) (?:know|knows|got|recommend)\b|"
                          r"\b(?:has|have|had) asked (?:me|us) (?:if|whether)\b|"
                          r"\b(?:dunno|no idea) (?:if|whether|which)\b|"
                          r"\b(?:any|some) (?:tips|advice|ideas|suggestions|pointers)\b|"
                          r"\blooking for (?:\w+ ){0,3}(?:tips|advice|ideas|suggestions|stuff|"
                          r"things|ways)\b|\bmy (?:question|query) is\b|"
                          r"(?:,|;|\bor|\bnow) (?:is|are|will|would|should|could|can) "
                          r"(?:it|that|this|i|you|he|she|we|they|there)\b", re.IGNORECASE)


# Sounds spelt more than one way, for reading a word spelt as it sounds ("acupunkchur",
# "cyatica", "fisio"): a word no example knows is read as the specialist word of ours that
# sounds the same, if only one does.
_SOUNDS = (("ture", "cher"), ("tch", "ch"), ("ph", "f"), ("ck", "k"), ("chiro", "kiro"),
           ("sch", "sk"), ("ch", "X"), ("sce", "se"), ("sci", "si"), ("scy", "sy"), ("ce", "se"),
           ("ci", "si"), ("cy", "sy"), ("c", "k"), ("q", "k"), ("x", "ks"), ("z", "s"),
           ("kX", "X"), ("gh", ""), ("wr", "r"), ("kn", "n"), ("dg", "j"))
_QUIET = re.compile(r"(?<=.)[aeiouyhw]+")
_TWICE = re.compile(r"(.)\1+")
SOUND_MIN = 6
# A key shorter than this ("pls") is shared by too many words to tell one.
SOUND_KEY = 3
# Words whose sounding-out is remembered (an entry is about 150 bytes).
SOUNDED_WORDS = 8192


# A comparative's stem ("firm" in "firmer") is a short word: a longer one is more often a
# doer ("trader", "builder"), which may be a rare word.
COMPARED_STEM = 4


def _compared(word: str) -> bool:
    """Whether a word is a short everyday word's comparative or superlative: "firmer",
    "softest", "comfier", "bigger" are no rare words; "trader" is no comparative, and an
    everyday word is itself ("number", "forest")."""
    if is_everyday(word):
        return False
    for end in ("er", "est"):
        stem_ = word[:-len(end)]
        if not word.endswith(end) or len(stem_) < 3:
            continue
        if stem_.endswith("i") and is_everyday(stem_[:-1] + "y"):
            return True  # "comfier", "easiest"
        if stem_[-1] == stem_[-2]:
            stem_ = stem_[:-1]  # "bigger", "fattest"
        if len(stem_) <= COMPARED_STEM and is_everyday(stem_) \
                or len(stem_) < COMPARED_STEM and is_everyday(stem_ + "e"):  # "safer"
            return True
    return False


def sound(word: str) -> str:
    """A rough key for how a word sounds: "sciatica" and "cyatica" both give "stk"."""
    for written, said in _SOUNDS:
        word = word.replace(written, said)
    return _TWICE.sub(r"\1", _QUIET.sub("", word))


# Pregnancy is a decisive topic (vocabulary.yaml), so how its words are read matters:
# "expecting" is about a baby only when nothing follows it or a word that says so does
# (`matching: expecting`, `baby_next`, `baby_after_a`).
# "not a pregnancy thing": a decisive word at most this many words after one of these is
# not said of now ("I'm not pregnant, just curious why pregnant women..." finds the second).
NOT_REACH = 3
_NOT = frozenset({"not", "no", "never", "isnt", "arent", "wasnt", "werent", "aint", "nothing"})
# How far along a pregnancy is, in the words people use for it: "22 weeks gone", "19 weeks
# with my first", "6 months along". A bare "3 weeks with sciatica" is not one.
_GESTATION = re.compile(r"\b(?:[1-9]|[1-3]\d|40|41|42) (?:weeks?|wks?|months?) "
                        r"(?:gone|along|with (?:my|our) (?:first|second|third|fourth|1st|2nd"
                        r"|3rd|4th|baby|little)|with (?:a )?(?:baby|twins|triplets|bump))\b"
                        # "backache at 30 weeks, normal?": a stage reached, not a duration
                        r"|\b(?:at|from|since|around|past|nearly|almost) "
                        r"(?:1[2-9]|[23]\d|40|41|42) ?(?:weeks?|wks?)"
                        r"(?! (?:ago|old|post|after|off|of|since|now))\b")
# "30 weeks and my back is killing me", "I'm 25 weeks and...", "36 weeks, back pain": a
# message that opens on a stage of pregnancy, a number of weeks no back pain usually lasts,
# then "and" or what hurts. A wait or a pain that goes on ("20 weeks and counting", "18 weeks
# and still no better") is no pregnancy.
_STAGE_FIRST = re.compile(r"^(?:(?:im|i am|am|shes|she is|wifes|wife is|partners|partner is) )?"
                          r"(?:1[6-9]|[23]\d|4[0-2]|(?:twenty|thirty)(?: ?(?:one|two|three|"
                          r"four|five|six|seven|eight|nine))?|forty(?: ?(?:one|two))?) ?"
                          r"(?:weeks?|wks?) (?:and|back|backache|lower|sciatica|pelvis|pelvic|"
                          r"hips?|bump)\b")
_LASTING = frozenset({"still", "counting", "waiting", "wait", "list", "better", "improving",
                      "ago", "since", "for", "off", "physio", "referral"})
# "this isn't about my back", "I don't have back pain": a back denied just before it.
_DENIED = _NOT | {"dont", "didnt", "doesnt", "havent", "hasnt"}
# Words between a denial and the back that do not end it ("I don't really have a back problem").
_HEDGES = frozenset({"really", "actually", "even", "honestly", "currently", "genuinely"})
_TERMS = frozenset({"week", "weeks", "wk", "wks", "month", "months"})


def _said_not(clause: list[str], i: int) -> bool:
    """Whether the word at clause[i] is said of the writer and denied after it, as a learner
    of English may: "I am pregnant no, but I have...", "im pregnant not"."""
    return clause[i + 1:i + 2] in (["no"], ["not"]) \
        and (clause[i + 2:i + 3] == [] or clause[i + 2] in _NEXT_THOUGHT) \
        and (clause[:i][-2:] == ["i", "am"] or clause[:i][-1:] == ["im"])


# Words that start another thought after "I am pregnant no": not "not sure how far along".
_NEXT_THOUGHT = frozenset({"but", "i", "im", "and", "just", "only", "so"})


def _denied(clause: list[str], i: int) -> bool:
    """Whether the anchor at clause[i] is denied just before it (`_DENIED`, `NOT_REACH`
    words, not counting hedges)."""
    before = [w for w in clause[max(0, i - NOT_REACH - 2):i] if w not in _HEDGES]
    return not _DENIED.isdisjoint(before[-NOT_REACH:])


# "ibuprofen for my migraine": a medicine for another condition, no more than this many words
# before the condition (`_medicine_asked`).
_FOR = frozenset({"for", "treat", "treats", "treating", "cure", "cures", "help", "helps",
                  "ease", "eases", "relieve", "relieves", "stop", "stops"})
FOR_REACH = 3
# ...and at most this many words from the medicine.
MEDICINE_REACH = 7
# "cramps that spread into my back": the back is where another pain goes, not the matter.
_INTO = frozenset({"into", "through", "round", "around"})
_SPREADS = frozenset({"spread", "spreads", "spreading", "radiate", "radiates", "radiating",
                      "travel", "travels", "travelling", "goes", "going", "moves", "moving"})
SPREAD_REACH = 5


def _spread_into(clause: list[str], i: int) -> bool:
    """Whether the back at clause[i] is only where a pain spreads: "...spread into my
    back", "goes round to my back"."""
    return bool(_INTO.intersection(clause[max(0, i - 3):i])
                and _SPREADS.intersection(clause[max(0, i - SPREAD_REACH):i]))
# "acupuncture for insomnia, nothing to do with my back": a back said to be beside the point.
_UNRELATED = re.compile(r"\b(?:nothing|not|isnt|wasnt) (?:\w+ )?(?:to do with|about|related to|"
                        r"connected to)\b")
UNRELATED_REACH = 7
_UNRELATED_WORDS = frozenset({"nothing", "not", "isnt", "wasnt"})
# Pictures that say "pregnant" (pregnant woman, man, person): a word for topic matching.
_PREGNANT_PICTURES = re.compile("[\U0001F930\U0001FAC3\U0001FAC4]")
PREGNANT = "pregnant"
# Someone's child by age: "my 9 year old", "our 13yo", "a 15 year old boy" (not "when I was 12
# years old").
_CHILD_AGE = re.compile(r"(?:years?|yrs?|y) ?(?:olds?|o)\b"
                        r"( (?:son|daughter|boy|girl|child|kid|lad|lass)\b)?")
_PARENTS = frozenset({"my", "our", "a", "his", "her", "their", "your"})
CHILD_AGE = 17
# ...or by the words for a child before the age: "my son is 15", "our daughter, aged 13",
# "my boy (12)".
_OFFSPRING = frozenset({"son", "daughter", "boy", "girl", "child", "kid", "lad", "lass",
                        "grandson", "granddaughter", "stepson", "stepdaughter"})
_AGED = frozenset({"is", "aged", "age", "turned", "whos", "thats"})


def _a_child(clauses: list[list[str]]) -> bool:
    """Whether the clauses name someone's child by age (`_CHILD_AGE`)."""
    for clause in clauses:
        for i, word in enumerate(clause):
            if not word[0].isdigit():
                continue  # the common case, kept cheap
            number = word.rstrip("abcdefghijklmnopqrstuvwxyz")
            if not number.isdigit() or len(number) > 2 or not 0 < int(number) <= CHILD_AGE:
                continue
            after = " ".join([word[len(number):], *clause[i + 1:i + 4]]).strip()
            found = _CHILD_AGE.match(after)
            if found and (found.group(1) or (i > 0 and clause[i - 1] in _PARENTS)):
                return True
            if number == word and _named_child(clause, i):
                return True
    return False


def _named_child(clause: list[str], i: int) -> bool:
    """Whether the bare number at clause[i] is a child's age after the words for them: "my
    son is 15", "our daughter aged 13", "my boy 12" (from "my boy (12)")."""
    before = clause[max(0, i - 3):i]
    if before[-1:] and before[-1] in _OFFSPRING:
        return len(before) > 1 and before[-2] in _PARENTS
    return len(before) > 1 and before[-1] in _AGED and before[-2] in _OFFSPRING \
        and (len(before) < 3 or before[-3] in _PARENTS)


CHILD = "child"
# An older person by age: "my gran is 85", "I am 69 and...", "my mother, 81, has...", "a 70
# year old": a number from OLD_AGE on after the words that give an age, after a relative, or
# before "year old". Not a number of something ("the wait is 70 weeks", "I am 70 kg").
OLD_AGE = 65
OLDEST = 110
_STATES_AGE = frozenset({"is", "am", "im", "aged", "turned", "shes", "hes", "whos", "now"})
_RELATIVES = frozenset({"mum", "mother", "mom", "dad", "father", "aunt", "aunty", "auntie",
                        "uncle", "husband", "wife", "partner", "neighbour", "nan", "gran",
                        "grandad", "grandma", "granny", "grandpa", "grandmother",
                        "grandfather", "nana", "nanna", "granddad", "mil", "fil", "mums",
                        "moms", "dads", "nans", "grans", "wifes", "husbands", "uncles",
                        "aunts"})
_MEASURES = frozenset({"percent", "pounds", "quid", "pence", "kg", "kilos", "kgs", "stone",
                       "lbs", "miles", "mile", "km", "minutes", "mins", "hours", "hrs",
                       "days", "weeks", "months", "times", "degrees", "cm", "mm", "minute",
                       "hour", "day", "week", "month", "percentage", "pound"})
OLDER = "older"


def _an_elder(clauses: list[list[str]]) -> bool:
    """Whether the clauses give someone's age as an older person's (`OLD_AGE` on)."""
    for clause in clauses:
        for i, word in enumerate(clause):
            if not word[0].isdigit() or not word.isdigit() or len(word) > 3 \
                    or not OLD_AGE <= int(word) <= OLDEST:
                continue  # the common case, kept cheap
            after = clause[i + 1:i + 3]
            if after[:1] and after[0] in _MEASURES:
                continue
            if after[:2] in (["year", "old"], ["years", "old"], ["yr", "old"], ["yrs", "old"]) \
                    or after[:1] in (["yo"], ["yrs"]):
                return True
            if i > 0 and (clause[i - 1] in _STATES_AGE or clause[i - 1] in _RELATIVES):
                return True
    return False


# A short follow-up that adds one thing to what was just asked ("and the cost?", "what about
# mattresses?") asks about it in our conversation, even in words that are everyday alone.
_ADDING = frozenset({("and",), ("also",), ("ok", "and"), ("okay", "and"), ("so", "and"),
                     ("what", "about"), ("how", "about"), ("and", "what", "about"),
                     ("and", "how", "about")})
# Its everyday words that ask something are `matching: follow_up_words`.
ADDED_WORDS = 5
# Joining or leaving the campaign: "subscribe to <a name no example knows>" is another list.
_CAMPAIGN = frozenset({"subscribe", "unsubscribe"})
_ABOUT_BOT = frozenset({"about"})
# Asking the bot's opinion or choice ("what would you go for?", "which do you reckon?"):
# about a story's matter, not about the bot.
_OPINION = re.compile(r"\b(?:would|wud|should) (?:you|u)\b|\b(?:you|u) (?:reckon|think|suggest|"
                      r"recommend)\b|\byour (?:opinion|advice|view|pick)\b|\bif you were me\b")
# Topics that a question to "you" in words no example knows only seems to reach.
_CHAT = _ABOUT_BOT | SMALL_TALK
_YOU = frozenset({"you", "your", "youre", "yours", "u", "ur"})
# A name called at the bot (`matching: insults`) comes at most INSULT_REACH words after a
# word for it ("this bot is rubbish", "you're useless") or just before one of its nouns
# ("stupid bot"); one called at anything else ("dumb question, but...") is no insult to it.
_THE_BOT = _YOU | {"bot", "bots", "chatbot", "this", "it", "its", "thing", "app", "robot"}
_BOT_NOUNS = frozenset({"bot", "bots", "chatbot", "thing", "app", "robot", "machine"})
INSULT_REACH = 3


def _added(folded: list[str]) -> bool:
    """Whether a short message adds a thing to the last question ("and side effects?")."""
    return len(folded) <= ADDED_WORDS and any(tuple(folded[:len(a)]) == a and len(folded) > len(a)
                                              for a in _ADDING)


# A spine that may be a book's or a cactus's (`matching: spined`), and every word `_idiom`
# may read as no body part.
_SPINES = frozenset({"spine", "spines"})
# A stretch of shoes, a canvas or a budget (`matching: stretched`, within STRETCH_REACH words
# after it) is no exercise.
_STRETCHES = frozenset({"stretch", "stretches", "stretching", "stretched", "stretchy"})
STRETCH_REACH = 3
_IDIOMATIC = _SPINES | _STRETCHES | {"back"}
# ...when a spined word is just before it ("book spine"), after "of" ("the spine of an old
# book"), or anywhere in the clause of "the spine" ("the spine is cracked and the pages...").
_THE = frozenset({"the", "its"})
# "get the movement back", "want my money back": the word for getting at most this many words
# before the "back" (`matching: regain`, `regained`).
REGAIN_REACH = 4
# "a rash on his back": where the skin words (`matching: skin`) must be, before "back".
_ON_SKIN = frozenset({"on", "across", "over", "down", "covering"})
SKIN_REACH = 6
_OWNERS = frozenset({"my", "our", "your", "mine", "me", "myself"})
OWNER_REACH = 3
# Where a body part is only a place (`matching: places`): under a pillow, or within this
# many words after a needle is put "in" it.
_UNDER = frozenset({"under", "between", "beneath", "underneath"})
PLACE_REACH = 4
# ...or where a pain runs to: "pain from my lower back down my leg to the ankle", "shooting
# down into my knee": "to" or "into" just before it (and its "the", "my"...), "down" or
# "from" at most PATH_REACH words before that.
_TO = frozenset({"to", "into"})
_PATH = frozenset({"down", "from"})
_DETERMINERS = frozenset({"the", "my", "his", "her", "their", "your", "our", "a"})
PATH_REACH = 8


@dataclass(frozen=True)
class Match:
    """What the matcher decided: a topic id, how sure it was, and what triage found.

    For a triaged message `topic` is its tier's reply (`emergency`, `crisis`, `urgent`) and
    `asked` the ordinary topic the message would otherwise have matched (None when none),
    so the reply can offer it; likewise for a question about warning signs. `emergency` is
    true exactly when the tier is EMERGENCY.
    """

    topic: str
    score: float
    emergency: bool = False
    triage: Tier | None = None
    findings: tuple[Finding, ...] = ()
    asked: str | None = None


@dataclass(frozen=True)
class _Sentence:
    """One sentence of a story, read."""

    clauses: list[list[str]]
    known: list[str]
    unknown: set[str]
    asks: bool

def _opens_on_that(sentence: _Sentence) -> bool:
    """Whether a clause of the sentence opens on "is that", "would that"...: it asks about
    what was just said."""
    return any(len(c) > 1 and c[0] in _POINTS_BACK and c[1] == "that" for c in sentence.clauses)


class Matcher:
    """Built once from the content; `match()` is then a cheap pure function."""

    def __init__(self, content: Content) -> None:
        self.content = content
        vocab = content.vocabulary
        self.stopwords = vocab.stopwords
        self.synonyms = vocab.synonyms
        self.out_of_scope = frozenset(stem(w) for w in vocab.out_of_scope if " " not in w)
        # Phrases by their first word, so a message is scanned once, not once per phrase.
        self.out_of_scope_phrases: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for phrase in vocab.out_of_scope:
            if " " in phrase:
                self.out_of_scope_phrases[phrase.split()[0]].append(tuple(phrase.split()))
        self.other_therapies = frozenset(stem(w) for w in vocab.other_therapies)
        # Errands by their first word, likewise (`matching: errands`).
        self.errands: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for errand in vocab.matching.errands:
            self.errands[errand[0]].append(errand)
        self.anchors = frozenset(stem(w) for w in vocab.in_scope_anchors)
        self.settled = vocab.settled
        self.generic = frozenset(stem(w) for w in vocab.generic)
        self.domain = frozenset(stem(w) for w in vocab.domain)
        self.decisive = {stem(w): t for w, t in vocab.decisive.items()}
        self.decisive_topics = frozenset(self.decisive.values())
        self.generic_words = vocab.generic | vocab.stopwords
        self.triager = Triager(content.triage)
        # Spelling is steered onto triage's words first: a typo must not hide a symptom.
        self.speller = Speller(content, self.triager.vocabulary())
        self.known = self.speller.known
        self.topic_ids = tuple(content.topics)
        self._routes = {t.id: t.id for t in content.topics.values()}
        # A typed id reads as words ("acupuncture_safety" folds to "acupuncture safety").
        self._routes.update({t.id.replace("_", " "): t.id for t in content.topics.values()})
        self._routes.update({fold(t.title).strip(" ?!."): t.id for t in content.topics.values()})
        self._by_sound: dict[str, str] | None = None
        self._sounded_words: dict[str, str] = {}  # what each word read as, oldest dropped first
        # The word lists of the reading rules below (vocabulary.yaml `matching:`), read once.
        self.lists: MatchingWords = vocab.matching
        self.added = frozenset(stem(w) for w in self.lists.follow_up_words)
        self.acupuncture = frozenset(stem(w) for w in self.lists.acupuncture)
        # The topics about acupuncture's use for something (they need a needle word).
        self.needled = frozenset(t for t, needed in self.lists.needs.items()
                                 if not self.lists.acupuncture.isdisjoint(needed))
        self.to_us = frozenset(stem(w) for w in self.lists.to_us)
        self._build_index()

    # -- text to features -----------------------------------------------------------------

    def _sounded(self, clauses: list[list[str]]) -> list[list[str]]:
        """The clauses with a word no example knows, and no English word, read as the word
        of ours that sounds the same ("acupunkchur", "cyatica"). Known words, the common
        case, cost one set lookup each."""
        known = self.known
        if all(w in known or len(w) < SOUND_MIN for c in clauses for w in c):
            return clauses
        return [[self._sounds_like(w) if w not in known and len(w) >= SOUND_MIN else w
                 for w in c] for c in clauses]

    def _sounds_like(self, word: str) -> str:
        found = self._sounded_words.get(word)
        if found is None:
            found = self._sound_out(word)
            if len(self._sounded_words) >= SOUNDED_WORDS:
                del self._sounded_words[next(iter(self._sounded_words))]
            self._sounded_words[word] = found
        return found

    def _sound_out(self, word: str) -> str:
        if not word.isalpha() or is_english(word):
            return word
        if self._by_sound is None:  # built on first need: it reads the English word list
            # Of the words that sound alike, the one our content uses most ("sciatica", not
            # "static"); a tie is no answer.
            ranked: dict[str, list[tuple[int, str]]] = defaultdict(list)
            for w, n in content_words(self.content).items():
                if len(w) >= SOUND_MIN and w.isalpha() and not is_everyday(w) \
                        and len(sound(w)) >= SOUND_KEY:
                    ranked[sound(w)].append((n, w))
            self._by_sound = {}
            for key, found in ranked.items():
                found.sort(reverse=True)
                if len(found) == 1 or found[0][0] > found[1][0]:
                    self._by_sound[key] = found[0][1]
        return self._by_sound.get(sound(word), word)

    def correct(self, word: str) -> str:
        """The known word a typo most likely meant (cached per matcher)."""
        return self.speller.correct(word)

    def terms(self, folded_words: list[str]) -> list[str]:
        """Content terms: synonyms applied, stop words dropped, stemmed ("much" kept in "how
        much")."""
        out: list[str] = []
        for i, word in enumerate(folded_words):
            if word == "much" and i > 0 and folded_words[i - 1] == "how":
                out.append(word)  # "how much is it?" asks a price; "too much" says nothing
            for w in self.synonyms.get(word, word).split():
                if w not in self.stopwords:
                    out.append(stem(w))
        return out

    @staticmethod
    def features(terms: list[str]) -> set[str]:
        """Words and adjacent word pairs: pairs tell "back pain" from "pain in the back"."""
        feats = set(terms)
        feats.update(f"{a} {b}" for a, b in zip(terms, terms[1:]))
        return feats

    # -- whose back, which place: the content's word lists (`MatchingWords`) ---------------

    def respoken(self, folded: str) -> str | None:
        """Folded text with its spoken or split spellings read as our words (`matching:
        spoken`); None when it has none (the common case)."""
        out = None
        padded = f" {folded}"
        for respelling in self.lists.spoken:
            if any(cue in padded for cue in respelling.cues):
                text = respelling.pattern.sub(respelling.reads_as, out or folded)
                if text != (out or folded):
                    out = text
        return out

    def _expects_a_baby(self, clause: list[str], i: int) -> bool:
        """Whether "expecting" at clause[i] is about a pregnancy ("expecting twins", "expecting
        a little one"), not "I was expecting needles in my back"."""
        after = clause[i + 1:i + 3]
        if not after:
            return True
        if after[0] == "a":
            return len(after) > 1 and after[1] in self.lists.baby_after_a
        return after[0] in self.lists.baby_next

    def _persons(self, clause: list[str]) -> list[int]:
        """Where the clause's words are, leaving out a back that is not a person's: an
        animal's hind leg ("his back leg"), an animal's back ("my dog has a bad back"), the
        skin of a back ("a rash on his back", "back acne"), and "back" as no body part
        (`_idiom`)."""
        lists = self.lists
        animal = any(w in lists.animals and not lists.outings.intersection(clause[max(0, i - 2):i])
                     for i, w in enumerate(clause))
        return [i for i, w in enumerate(clause)
                if not (w == "back" and i + 1 < len(clause) and clause[i + 1] in lists.hind_legs
                        and (i == 0 or clause[i - 1] in lists.hind_owners))
                and (w not in _IDIOMATIC or not self._idiom(clause, i))
                and not (animal and w in lists.body_anchors and not self._owned(clause, i))
                and not self._skin(clause, i)]

    def _skin(self, clause: list[str], i: int) -> bool:
        """Whether clause[i] is the skin of a back: "a rash on his back", "spots all over my
        back", "back acne"."""
        skin = self.lists.skin
        return clause[i] == "back" and (
            bool(_ON_SKIN.intersection(clause[max(0, i - 3):i])
                 and skin.intersection(clause[max(0, i - SKIN_REACH):i]))
            or bool(clause[i + 1:i + 2] and clause[i + 1] in skin))  # "back acne", "back spots"

    def _idiom(self, clause: list[str], i: int) -> bool:
        """Whether clause[i] is "back" in a sense that is no body part: "again" ("it keeps
        coming back", "cut it back", "back to normal"), "in return" ("get the movement
        back", "get it back") or a building's ("the back wall"); a spine that is a book's
        or a cactus's, not a person's ("the spine of the book is cracked"); a stretch of
        shoes or a budget ("stretch my new shoes")."""
        lists = self.lists
        if clause[i] in _STRETCHES:  # "stretch my new shoes", "stretch marks"
            return not lists.stretched.isdisjoint(clause[i + 1:i + 1 + STRETCH_REACH])
        if clause[i] in _SPINES:  # "the spine of the book", "cactus spines"
            spined = lists.spined
            return not self._owned(clause, i) and (
                (i > 0 and clause[i - 1] in spined)
                or (clause[i + 1:i + 2] == ["of"] and not spined.isdisjoint(clause[i + 2:i + 5]))
                or (i > 0 and clause[i - 1] in _THE and not spined.isdisjoint(clause)))
        if clause[i] != "back":
            return False
        return (i > 0 and clause[i - 1] in lists.back_returns) \
            or (i > 1 and clause[i - 1] in lists.regained
                and not lists.regain.isdisjoint(clause[max(0, i - REGAIN_REACH):i - 1])) \
            or (clause[i + 1:i + 2] == ["to"]
                and (i == 0 or clause[i - 1] not in lists.back_owners)) \
            or (i + 1 < len(clause) and clause[i + 1] in lists.building)

    def _bodily(self, clauses: list[list[str]]) -> list[str]:
        """The clauses' words for matching, without a "back" that is no body part: "what's the
        best time to cut back a hedge?" says nothing about backs."""
        return [w for clause in clauses for i, w in enumerate(clause)
                if w not in _IDIOMATIC or not self._idiom(clause, i)]

    def _owned(self, clause: list[str], i: int) -> bool:
        """Whether a person owns the body part at clause[i]: "my back", "my lower back", not
        "my dog's back"."""
        for k in range(max(0, i - OWNER_REACH), i):
            if clause[k] in _OWNERS and self.lists.animals.isdisjoint(clause[k + 1:i]):
                return True
        return False

    def _placed(self, clause: list[str], i: int, acupuncture: bool) -> bool:
        """Whether the body part at clause[i] is only a place, not what is wrong: where a
        pillow goes ("a pillow between my knees"), a stretch ("knee to chest", "knee hugs"),
        where a pain runs to ("from my back down my leg to the ankle") or, with
        `acupuncture`, where the needles go ("one in my ear")."""
        lists = self.lists
        if _UNDER.intersection(clause[max(0, i - 3):i]):
            return True
        if clause[i + 1:i + 2] == ["to"] and lists.torso.intersection(clause[i + 2:i + 5]):
            return True
        if clause[i + 1:i + 2] and clause[i + 1] in lists.stretches:
            return True  # "knee hugs", "knee rolls": a back stretch
        to = i - 2 if i > 1 and clause[i - 1] in _DETERMINERS else i - 1
        if to > 0 and clause[to] in _TO and _PATH.intersection(clause[max(0, to - PATH_REACH):to]):
            return True  # "...down her right leg to the ankle": where a pain runs
        return acupuncture and any(clause[k] in ("in", "into") and k > 0
                                   and clause[k - 1] in lists.needle_put
                                   for k in range(max(0, i - PLACE_REACH), i))

    # -- index ----------------------------------------------------------------------------

    def _build_index(self) -> None:
        """Word statistics per topic, for ranking (naive Bayes) and for confidence (cosine)."""
        examples: list[tuple[str, set[str]]] = []
        per_topic: dict[str, Counter[str]] = defaultdict(Counter)
        for topic in self.content.topics.values():
            for example in topic.examples:
                folded = fold(example)
                # Interned: one string per distinct word or pair, however many examples,
                # topics and tables (`exact` among them) hold it.
                feats = {sys.intern(f) for f in self.features(self.terms(self._bodily(
                    [[self.correct(w) for w in words(self.respoken(folded) or folded)]])))}
                if feats:
                    examples.append((topic.id, feats))
                    per_topic[topic.id].update(feats)
        n = max(1, len(per_topic))
        df: Counter[str] = Counter(f for counts in per_topic.values() for f in counts)
        # Rarer across topics = more telling: "sciatica" outweighs "acupuncture".
        # One float per distinct value, shared by every feature with that value (the tables
        # below likewise): most features are in one topic or two, and said once or twice.
        idf_of = {d: math.log(1 + n / d) for d in set(df.values())}
        self.idf = {f: idf_of[d] for f, d in df.items()}
        vocab_size = len(df)
        self.log_p: dict[str, dict[str, float]] = {}
        self.log_unseen: dict[str, float] = {}
        for topic_id, counts in per_topic.items():
            total = sum(counts.values()) + SMOOTHING * vocab_size
            log_p_of = {c: math.log((c + SMOOTHING) / total) for c in set(counts.values())}
            self.log_p[topic_id] = {f: log_p_of[c] for f, c in counts.items()}
            self.log_unseen[topic_id] = math.log(SMOOTHING / total)
        self.example_topic: list[str] = []
        self.example_norm: list[float] = []
        by_topic: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        for i, (topic_id, feats) in enumerate(examples):
            self.example_topic.append(topic_id)
            self.example_norm.append(math.sqrt(sum(self._weight(f) for f in feats)))
            for f in feats:
                by_topic[topic_id][f].append(i)
        self.vocab = frozenset(self.idf)  # every word or pair some example uses
        # Per-topic postings: confidence only looks at the chosen topic's examples. Only the
        # examples' numbers are kept (a feature's weight is the same in every example), as
        # tuples: a pair per posting cost the bot about 2 MB. Most features (some 8,500 of
        # 11,700) are in one example of a topic: that number is kept alone, not in a tuple
        # of one (0.4 MB less).
        self.topic_postings: dict[str, dict[str, int | tuple[int, ...]]] = {
            t: {f: ids[0] if len(ids) == 1 else tuple(ids) for f, ids in p.items()}
            for t, p in by_topic.items()}
        # A question that is exactly an example (same words) belongs to that example's topic.
        # Keyed by the sorted words: a tuple is a fifth of a frozenset's size.
        owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for topic_id, feats in examples:
            owners[tuple(sorted(feats))].add(topic_id)
        self.exact = {feats: next(iter(t)) for feats, t in owners.items() if len(t) == 1}

    def _weight(self, feature: str) -> float:
        """Squared weight of a feature in the confidence cosine: word pairs count for less,
        as a rare pair ("what painkillers") would otherwise outweigh the words themselves."""
        weight = self.idf[feature] * (PAIR_WEIGHT if " " in feature else 1.0)
        return weight * weight

    # -- matching -------------------------------------------------------------------------

    def route(self, payload: str) -> str | None:
        """A deep-link payload, button data or typed menu title straight to its topic id."""
        return self._routes.get(fold(payload).strip(" ?!.").replace("-", "_")) \
            or self._routes.get(fold(payload).strip(" ?!."))

    def match(self, text: str) -> Match:
        """Decide what a message is about. Never raises for any text."""
        # Triage reads the whole message (up to MAX_CHARS); topic matching the first
        # MAX_WORDS words, which is plenty to tell what a question is about.
        text = text[:MAX_CHARS]
        clauses = self.speller.clauses(text)
        assessment = self.triager.assess(clauses)
        pictured = _PREGNANT_PICTURES.search(text)
        folded = fold(text)
        spoken = self.respoken(folded)
        if spoken is not None:  # "acute puncture": read so for topics only
            text = spoken
            clauses = self.speller.clauses(text)
        clauses = self._sounded(clauses)
        if pictured:  # "backache 🤰 what helps"
            clauses = [*clauses, [PREGNANT]]
        if _a_child(clauses):  # "my 9 year old's back"
            clauses = [*clauses, [CHILD]]
        if _an_elder(clauses) and (sum(len(c) for c in clauses) <= LONG_WORDS or "?" in text):
            # "my gran is 85": a question about an older person's back (in a story that asks
            # nothing the age is only background: "...I'm 79 and not good with phones. Hello")
            clauses = [*clauses, [OLDER]]
        long = sum(len(c) for c in clauses) > LONG_WORDS
        # "...he still does his crossword. Could you explain what sciatica is?": an errand
        # only in a story's background is no task for the bot
        errands = not (long and self._errand_in_background(text, clauses))
        ordinary = self.topic_of(clauses, errands=errands)
        if long:
            ordinary = self._story(text, clauses, ordinary, errands)
        asked = None if ordinary.topic in (FALLBACK, WARNING_SIGNS) else ordinary.topic
        tier = assessment.tier
        if tier is Tier.CRISIS and ordinary.score < CRISIS_ASKED:
            # Beside the crisis lines, a guessed topic jars ("I'm done with it all" is no
            # question about acupuncture sessions); a clear question keeps its button.
            asked = None
        if tier is not None:
            return Match(tier.value, 1.0, emergency=tier is Tier.EMERGENCY, triage=tier,
                         findings=assessment.findings, asked=asked)
        if assessment.asks_about_symptoms and WARNING_SIGNS in self.content.topics \
                and not self._elsewhere(ordinary, clauses) and ordinary.score < CONFIDENT \
                and ordinary.topic not in self.needled:
            # A question about symptoms that surely matches another topic is that topic's:
            # weight lost on purpose ("does losing weight help prevent back pain coming
            # back?"), being run down as a cause, acupuncture's rare risks. One about
            # acupuncture (a topic that needs a needle word) is acupuncture's, however fairly
            # it matches ("could a needle leave me with an infection?").
            return Match(WARNING_SIGNS, 1.0, asked=asked)
        return ordinary

    def _elsewhere(self, ordinary: Match, clauses: list[list[str]]) -> bool:
        """Whether a question about symptoms is about another condition ("hot flushes in
        the menopause"): not ours, so not a question about back pain's warning signs."""
        if ordinary.topic != FALLBACK:
            return False
        folded = [w for clause in clauses for w in clause][:MAX_WORDS]
        return self._off_topic(self.terms(folded), clauses)

    def topic_of(self, clauses: list[list[str]], backed: bool = False,
                 story: list[list[str]] | None = None, errands: bool = True) -> Match:
        """The ordinary topic of already read clauses, as if triage had found nothing;
        `backed` when the story around them says a person's back is the matter, which puts
        them in our field ("my back went last week... is it better to go back to work
        early?"). The words a topic needs (`matching: needs`) may be anywhere in the `story` around
        the clauses ("I've suggested acupuncture... Does it actually help back pain?")."""
        folded = [w for clause in clauses for w in clause][:MAX_WORDS]
        if not folded:
            return Match(FALLBACK, 0.0)
        routed = self._routes.get(" ".join(folded))
        if routed and routed not in TRIAGE_TOPICS:  # typing "call 999 now" reports nothing
            return Match(routed, 1.0)
        terms = self.terms(self._bodily(clauses)[:MAX_WORDS])
        if self._off_topic(terms, clauses, errands=errands):
            return Match(FALLBACK, 0.0)
        known = [f for f in self.features(terms) if f in self.vocab]
        unknown = {t for t in terms if t not in self.vocab}
        added = _added(folded)
        if not any(" " not in f and (f not in self.generic or added and f in self.added)
                   and not f.isdigit() for f in known):
            return Match(FALLBACK, 0.0)  # only words like "what", "time", "15": not ours
        decided = self._decided(clauses, terms, folded)
        if decided:
            return Match(decided, 1.0)
        mass = self._unknown_mass(unknown)
        topic = self.exact.get(tuple(sorted(set(known))))
        if topic:
            score = self.confidence(topic, known, mass)
        else:
            skip = self._unsaid(story or clauses)
            if added:  # "and side effects?" leans on the acupuncture just asked about
                skip = skip - self.lists.follow_up_topics
            topic, score = self._ranked_first(known, mass, skip)
        if topic in SMALL_TALK and len(unknown) > len(set(known) - set(unknown)):
            return Match(FALLBACK, score)  # "translate hello into spanish" is no greeting
        short = sum(len(c) for c in clauses) <= LONG_WORDS
        threshold = ANCHORED_THRESHOLD if short and (added or self._mine(clauses)) else THRESHOLD
        if topic in _CHAT and score < CONFIDENT and len(unknown) >= 2 \
                and _YOU.intersection(folded) and self.domain.intersection(known) <= self.to_us:
            # "what's your favourite film?" is chat, not the bot; "do you know any good
            # plumbers?" no greeting
            return Match(FALLBACK, score)
        if topic in _CHAT and self._insulted(folded):
            return Match(FALLBACK, score)  # "stupid bot": no question about the bot, no hello
        if topic in _CAMPAIGN and any(
                folded[k - 2] in _CAMPAIGN and folded[k - 1] in ("to", "from")
                and self._foreign_word(folded[k]) for k in range(2, len(folded))):
            return Match(FALLBACK, score)  # "subscribe to <a channel>" is not our campaign
        if backed and len(unknown) >= len({f for f in known if " " not in f
                                           and f not in self.generic}):
            # A story's back puts a question in our field only if our examples know most of
            # its words: "...off work with my back... is there an application form
            # somewhere online?" asks about something else.
            backed = False
        if score < threshold or (score < CONFIDENT and not backed and not added
                                 and not self._in_domain(topic, known, folded)):
            return Match(FALLBACK, score)
        if not backed and not added and self._only_idiom(clauses) \
                and not self._in_domain(FALLBACK, known, folded):
            # "when are the bin men coming back?", "back to the future cast": its only back
            # is no body part and nothing else is of our field, however like an example
            return Match(FALLBACK, score)
        return Match(topic, score)

    def _insulted(self, folded: list[str]) -> bool:
        """Whether the message calls the bot a name ("stupid bot", "this thing is useless",
        "you're rubbish"): it resembles a question about the bot or a hello only by its
        "you" or "bot", and asks nothing the `about` answer could tell. "Sorry if this is a
        stupid question" calls the question a name, not the bot."""
        insults = self.lists.insults
        if insults.isdisjoint(folded):
            return False  # the common case, kept cheap
        return any(w in insults and folded[i + 1:i + 2] != ["question"] and (
            not _THE_BOT.isdisjoint(folded[max(0, i - INSULT_REACH):i])
            or (i + 1 < len(folded) and folded[i + 1] in _BOT_NOUNS))
            for i, w in enumerate(folded))

    def _only_idiom(self, clauses: list[list[str]]) -> bool:
        """Whether the clauses say "back" only in a sense that is no body part ("coming
        back", "the back door", "flights back")."""
        idioms = [self._idiom(c, i) for c in clauses for i, w in enumerate(c)
                  if w in _IDIOMATIC]
        return bool(idioms) and all(idioms)

    def _story(self, text: str, clauses: list[list[str]], whole: Match,
               errands: bool = True) -> Match:
        """A long message's topic, read a sentence at a time. The sentences that ask
        something decide, but what they ask often only makes sense with the story around it
        ("what is it exactly?", "how long does this last?"), so the other sentences still
        count, for less (`CONTEXT_WEIGHT`); a question in everyday words only ("what's going
        on?") leaves the whole story to decide. A story about another condition ("my
        knee..."), or one that asks about another condition whatever it says of backs,
        stays out of scope, and one that matched nothing as a whole needs a sentence that
        asks something of ours on its own. Spelling was searched when the whole was read,
        so sentences search nothing."""
        if whole.topic in self.decisive_topics:
            return whole
        folded = [w for clause in clauses for w in clause][:MAX_WORDS]
        if self._off_topic(self.terms(folded), clauses, errands=errands):
            # ...but a story that asks nothing and opens with a confident thanks is a
            # thank-you, whatever else it tells ("thank u so much!!! i was so stressed...")
            sentences = self._sentences(text)
            if sentences and not any(s.asks for s in sentences):
                first = self.topic_of(sentences[0].clauses)
                if first.topic == THANKS and first.score >= CONFIDENT:
                    return first
            return whole
        sentences = self._sentences(text)
        asking = [s for s in sentences if s.asks]
        if not asking:
            return self._thanked(sentences, whole)
        if self._asks_off_topic(asking,
                                bool(self.acupuncture.intersection(self.terms(folded)))):
            return Match(FALLBACK, 0.0)
        ours = any(self.domain.intersection(s.known) - self.to_us for s in asking)
        if whole.topic == FALLBACK:
            if not ours and (_SAID_OFF_TOPIC.search(text) or self._foreign(asking)):
                # "Off topic, sorry... my back... What am I doing wrong?", "...could you
                # explain how photosynthesis works?": a back in the background puts no
                # question in other words in our field
                return whole
            return self._story_unmatched(sentences, asking, whole)
        if not ours:
            # "how long will it last?": the story as a whole says what "it" is, unless the
            # question alone clearly asks one thing ("how do I stop it happening again?"). But
            # such a question asks about something else in a story that says it is off topic
            # ("Off topic... the builder's back. Anyway, what does a new kitchen cost?"), or
            # when it matches nothing, the story only fairly, and it uses a rare word no
            # example knows ("when do I cut back a buddleia?"); not when it asks about the
            # campaign or the bot in everyday words ("is it a yearly thing?").
            if _SAID_OFF_TOPIC.search(text):
                return Match(FALLBACK, whole.score)
            alone = self._asked_alone(asking, story=clauses)
            if alone is None and whole.score < CONFIDENT \
                    and whole.topic not in self.lists.to_us_topics and self._foreign(asking):
                return Match(FALLBACK, whole.score)
            if alone is None or alone.score < CONFIDENT:
                return whole
        return self._by_story(sentences, whole, keep_higher=True)

    def _sentences(self, text: str) -> list[_Sentence]:
        """The sentences of a story, as far as a topic is read at all (the cost stays
        bounded), each with its known features and whether it asks something."""
        out: list[_Sentence] = []
        read = 0
        for sentence in _SENTENCE.split(_TURNS_AWAY.sub(r"\g<0>\n", text)):
            read += len(sentence.split())
            if read > MAX_WORDS:
                break
            clauses = self._sounded(self.speller.clauses(sentence, guesses=0))
            asks = sentence.rstrip().endswith("?") or bool(_ASKS.match(sentence)) \
                or bool(_ASKS_INSIDE.search(sentence))
            terms = self.terms(self._bodily(clauses))
            if not terms:
                continue
            known = [f for f in self.features(terms) if f in self.vocab]
            unknown = {t for t in terms if t not in self.vocab}
            out.append(_Sentence(clauses, known, unknown, asks))
        return out

    def _foreign(self, asking: list[_Sentence]) -> bool:
        """Whether the asking sentences use a word rare in everyday English that no example
        or triage rule knows ("buddleia", "handlebars"): they ask about something else."""
        return any(self._foreign_word(w) for s in asking for c in s.clauses for w in c)

    def _foreign_word(self, w: str) -> bool:
        """A word rare in everyday English that no example or rule knows. A number in words
        is none ("I wake up feeling ninety"), though the word list lacks a few."""
        return len(w) > 3 and w.isalpha() and w not in self.known and not is_everyday(w) \
            and not (w.endswith("s") and is_everyday(w[:-1])) and not _NUMBER_WORD.fullmatch(w) \
            and not _compared(w)

    def _asks_off_topic(self, asking: list[_Sentence], acupuncture: bool) -> bool:
        """Whether what a story asks is about another condition, whatever its background
        says of backs ("...my back aches a bit too. What else helps with heartburn?"). A
        story about acupuncture may ask how another therapy compares ("is it like a
        tattoo?")."""
        clauses = [clause for sentence in asking for clause in sentence.clauses]
        folded = [w for clause in clauses for w in clause]
        return self._off_topic(self.terms(folded), clauses, acupuncture)

    def _thanked(self, sentences: list[_Sentence], whole: Match) -> Match:
        """A story that asks nothing and opens with thanks ("Just wanted to say thank you. I
        did the stretches and my back is loads better...") is a thank-you, whatever topic
        its story resembles; so is one that matched nothing and thanks later on ("...she's
        been out for a walk today. So thank you from both of us"). One that matched nothing
        and opens with a greeting is a hello if it tells of no back or sciatica ("Good
        evening! My nephew set this up for me...") or says it is only saying hello ("...I
        have a bad back and thought I would say hello first"). A greeting or thanks only
        loosely worded ("hope you're well!") does not make a story small talk."""
        if not sentences:
            return whole
        first = self.topic_of(sentences[0].clauses)
        if first.topic == THANKS and first.score >= CONFIDENT:
            return first
        if whole.topic != FALLBACK:
            return whole
        if first.topic == THANKS:
            return first
        if first.topic in SMALL_TALK and first.score >= CONFIDENT and (
                _SAYS_HELLO.search(" ".join(w for s in sentences[1:] for c in s.clauses
                                            for w in c))
                or not any(self._anchored(c) for s in sentences for c in s.clauses)):
            return first
        for sentence in sentences[1:]:
            later = self.topic_of(sentence.clauses)
            if later.topic == THANKS:
                return later
        return whole

    def _rank_story(self, sentences: list[_Sentence]) -> str:
        """Naive Bayes over the whole story, its asking sentences counting in full and the
        rest at `CONTEXT_WEIGHT`; a question that points back ("what are these?") lets the
        story count for more, and one that opens on "that" ("is that worth doing?") the
        sentence just before it."""
        weights: dict[str, float] = defaultdict(float)
        pointing = any(_POINTING.intersection(c) for s in sentences if s.asks for c in s.clauses)
        referred = {k - 1 for k, s in enumerate(sentences)
                    if k and s.asks and _opens_on_that(s)}
        for k, sentence in enumerate(sentences):
            weight = 1.0 if sentence.asks \
                else POINTING_WEIGHT if pointing or k in referred else CONTEXT_WEIGHT
            for f in sentence.known:
                weights[f] += weight
        return self.rank_weighted(
            weights, self._unsaid([c for s in sentences for c in s.clauses]))

    @staticmethod
    def _points_back(sentence: _Sentence) -> bool:
        """Whether an asking sentence points back at the story: "what are these?", "is that
        worth doing?"."""
        return any(_POINTING.intersection(c) for c in sentence.clauses) \
            or _opens_on_that(sentence)

    @staticmethod
    def _refers_back(sentence: _Sentence) -> bool:
        """Whether an asking sentence speaks of the story's matter or person in words our
        examples nearly all know: "when should he stop ignoring it?", "is this normal?"."""
        return any(_REFERS.intersection(c) for c in sentence.clauses) \
            and len(sentence.unknown) <= REFER_UNKNOWN

    def _story_unmatched(self, sentences: list[_Sentence], asking: list[_Sentence],
                         whole: Match) -> Match:
        """A story that as a whole matched nothing surely enough. It is ours only if a
        sentence that asks something matches a topic on its own (so a question about a
        boiler with a bad back in passing stays out of scope); the story as a whole then
        says which topic, if one of its sentences resembles it enough (the question may be
        only "is that correct?" after a sentence that describes sciatica)."""
        clauses = [c for s in sentences for c in s.clauses]
        backed = any(self._anchored(c) for c in clauses) and not any(
            self._names_other(c, i) for c in clauses for i in range(len(c)))
        alone = self._asked_alone(asking, backed, clauses)
        if alone is None:
            if not backed or self._foreign(asking) \
                    or not any(self._points_back(s) or self._refers_back(s) for s in asking):
                return whole
            # "...a private MRI for £300. Is that worth doing?", "...his back has been bad
            # since Easter... when should he get it looked at?": the question is about what
            # the story told of a person's back, so, like a short question about one's own
            # back, it needs less resemblance to an example (`ANCHORED_THRESHOLD`)
            return self._by_story(sentences, whole, threshold=ANCHORED_THRESHOLD)
        return self._by_story(sentences, alone)

    def _by_story(self, sentences: list[_Sentence], otherwise: Match,
                  keep_higher: bool = False, threshold: float = THRESHOLD) -> Match:
        """The topic the whole story ranks first, with its closest sentence's confidence;
        `otherwise` when that is small talk or under the `threshold`. With `keep_higher`, the
        story's topic keeps `otherwise`'s score when that is the higher of the two."""
        topic = self._rank_story(sentences)
        if topic in SMALL_TALK:
            return otherwise
        score = max(self.confidence(topic, s.known, self._unknown_mass(s.unknown))
                    for s in sentences)
        if keep_higher and topic == otherwise.topic:
            score = max(score, otherwise.score)
        return Match(topic, score) if score >= threshold else otherwise

    def _asked_alone(self, asking: list[_Sentence], backed: bool = False,
                     story: list[list[str]] | None = None) -> Match | None:
        """The best match of a sentence that asks something, read on its own (but for the
        words a topic needs, found anywhere in the `story`), if any. A sentence that reaches
        the bot's own topic only by asking its opinion ("what would you go for?") asks about
        the story, nothing about the bot ("who made you?" does)."""
        best: Match | None = None
        for sentence in asking:
            found = self.topic_of(sentence.clauses, backed, story)
            if found.topic in (FALLBACK, *SMALL_TALK):
                continue
            if found.topic in _ABOUT_BOT and _OPINION.search(" ".join(
                    w for c in sentence.clauses for w in c)) \
                    and self.domain.intersection(sentence.known) <= self.to_us:
                continue  # "...a new washing machine... what would you go for?"
            if best is None or found.score > best.score:
                best = found
        return best

    def _decided(self, clauses: list[list[str]], terms: list[str],
                 folded: list[str]) -> str | None:
        """The topic of the first decisive word said of now: not negated ("not a pregnancy
        thing any more") and, for "expecting", about a baby ("expecting twins", not
        "expecting needles in my back")."""
        if not self.decisive_topics or (not self.decisive.keys() & set(terms)
                                        and not _TERMS.intersection(folded)
                                        and not folded[0][:1].isdigit()):
            return None  # the common case, kept cheap
        for clause in clauses:
            for i, word in enumerate(clause):
                if word in self.lists.expecting and not self._expects_a_baby(clause, i):
                    continue
                for w in self.synonyms.get(word, word).split():
                    topic = self.decisive.get(stem(w))
                    if topic and not _NOT.intersection(clause[max(0, i - NOT_REACH):i]) \
                            and not _said_not(clause, i):
                        return topic
            if _TERMS.intersection(clause) and _GESTATION.search(" ".join(clause)):
                return self.decisive.get(stem(PREGNANT))
        if _STAGE_FIRST.match(" ".join(clauses[0])) and _LASTING.isdisjoint(clauses[0]):
            return self.decisive.get(stem(PREGNANT))
        return None

    def _in_domain(self, topic: str, known: list[str], folded: list[str]) -> bool:
        """Whether the question uses a word of our field, or a word rare in everyday English
        that some example uses and is no name ("sciatica", not "Nottingham": a town an example
        happens to name says nothing about backs), nor the plural of an everyday word
        ("recommendations"). "You" or "this" is of our field only when asking about the bot
        or chatting to it: "what do you reckon I should watch tonight?" is no health
        question."""
        hits = self.domain.intersection(known)
        if hits and (topic in self.lists.to_us_topics or not hits <= self.to_us):
            return True
        return any(len(w) > 4 and w in self.known and self._learned(w)
                   and w not in self.generic_words
                   and not is_everyday(w) and not (w.endswith("s") and is_everyday(w[:-1]))
                   and w not in names() for w in folded)

    def _learned(self, word: str) -> bool:
        """Whether the topics' examples use the word (or what it stands for): a word only
        triage knows ("runny", of a cold) puts nothing in our field."""
        return any(stem(w) in self.vocab for w in self.synonyms.get(word, word).split())

    def _errand_in_background(self, text: str, clauses: list[list[str]]) -> bool:
        """Whether a story's errands (`matching: errands`) are all in sentences that ask
        nothing, while another sentence asks something: "...he still does his crossword. Could
        you explain what sciatica is?" is no task; "...which crossword books are good?" is."""
        if not self._errand(clauses):
            return False  # the common case, kept cheap
        asking = [s for s in self._sentences(text) if s.asks]
        return bool(asking) and not any(self._errand(s.clauses) for s in asking)

    def _errand(self, clauses: list[list[str]]) -> bool:
        """Whether the clauses ask a task of the bot (`matching: errands`), not negated."""
        return bool(self.errands) and any(
            tuple(clause[i:i + len(p)]) == p and not self.triager.negated(clause, i)
            for clause in clauses for i, w in enumerate(clause)
            for p in self.errands.get(w, ()))

    def _off_topic(self, terms: list[str], clauses: list[list[str]],
                   acupuncture: bool = False, errands: bool = True) -> bool:
        """Another condition is named ("migraine"), not negated ("no weight loss"), and
        nothing about backs, or the back only as fine now ("my back is much better, but my
        knee..."); or another therapy without acupuncture (named here, or in the story
        around it when `acupuncture`): not ours to answer."""
        if self.other_therapies.intersection(terms) and not acupuncture \
                and not self.acupuncture.intersection(terms):
            return True
        if errands and self._errand(clauses):
            return True  # "translate 'back pain' into Polish": a task, whatever its matter
        # Each in its own clause: "I don't have back pain but my knee..." negates no knee.
        needled = acupuncture or bool(self.acupuncture.intersection(terms))
        compared = acupuncture or any(self._says_acupuncture(w) for c in clauses for w in c)
        named = [(clause, i) for clause in clauses for i in range(len(clause))
                 if self._names_other(clause, i, needled, compared)]
        if not named:
            return False  # the common case, kept cheap
        if compared and any(self.lists.safety.intersection(clause) for clause in clauses):
            return False  # "is acupuncture safe if I have diabetes?"
        if self._medicine_asked(clauses, named):
            return False  # "can I take ibuprofen if I have high blood pressure?"
        if self.anchors.intersection(terms) and any(
                self._anchored(clause, matter=True) and not self._settled(clause)
                for clause in clauses):
            return False
        return any(not self.triager.negated(clause, i) for clause, i in named)

    def _medicine_asked(self, clauses: list[list[str]],
                        named: list[tuple[list[str], int]]) -> bool:
        """Whether the message asks about taking a painkiller (`matching: medicines`) with
        another condition it names near it ("can I take ibuprofen if I have high blood
        pressure?", "I'm on blood pressure tablets, can I take co-codamol?", "is naproxen safe
        with asthma?"), and for none of those it names ("is ibuprofen good for a migraine?")."""
        lists = self.lists
        said = {w for clause in clauses for w in clause}
        if lists.medicines.isdisjoint(said) \
                or (lists.taking.isdisjoint(said) and lists.safety.isdisjoint(said)):
            return False
        if any(_FOR.intersection(clause[max(0, i - FOR_REACH):i]) for clause, i in named):
            return False
        # where each clause starts in the message as one run of words
        starts, at = {}, 0
        for clause in clauses:
            starts[id(clause)] = at
            at += len(clause)
        flat = [w for clause in clauses for w in clause]
        return any(not lists.medicines.isdisjoint(
            flat[max(0, starts[id(clause)] + i - MEDICINE_REACH):
                 starts[id(clause)] + i + MEDICINE_REACH + 1]) for clause, i in named)

    def _names_other(self, clause: list[str], i: int, needled: bool = False,
                     compared: bool = False) -> bool:
        """Whether the word at clause[i] names another condition, alone or in a phrase. A
        body part only as a place (`needled`: where needles go) names none, nor other
        needle work in a message that says acupuncture (`compared`)."""
        word, lists = clause[i], self.lists
        if word in lists.places and self._placed(clause, i, needled):
            return False
        if word == "back" and self._skin(clause, i):
            return True  # "spots on my back": a question about the skin
        if compared and stem(word) in self.other_therapies:
            return False  # "my friend thinks acupuncture is like reflexology"
        if any(tuple(clause[i:i + len(p)]) == p
               and not (compared and p in lists.needle_work)
               for p in self.out_of_scope_phrases.get(word, ())):
            return True
        if needled and word in lists.needled_places:
            return False  # "where would the needles go for a stiff neck?", "ear seeds"
        return any(stem(w) in self.out_of_scope for w in self.synonyms.get(word, word).split())

    def _says_acupuncture(self, word: str) -> bool:
        """Whether a word says acupuncture itself: "needles" alone may be a blood test's."""
        return not word.startswith("needl") and any(
            stem(w) in self.acupuncture for w in self.synonyms.get(word, word).split())

    def _anchored(self, clause: list[str], matter: bool = False) -> bool:
        """Whether the clause speaks of a person's back (or sciatica...), not negated: "this
        isn't about backs at all", "I don't really have a back problem" anchor nothing. With
        `matter`, the back must be what is the matter, not only where another pain spreads
        ("period pains that spread into my back")."""
        for i in self._persons(clause):
            word = clause[i]
            if any(stem(w) in self.anchors for w in self.synonyms.get(word, word).split()) \
                    and not _denied(clause, i) and not self._unrelated(clause, i) \
                    and not (matter and _spread_into(clause, i)):
                return True
        return False

    @staticmethod
    def _unrelated(clause: list[str], i: int) -> bool:
        """Whether the back at clause[i] is said to be beside the point ("nothing to do with
        my back")."""
        before = clause[max(0, i - UNRELATED_REACH):i]
        return not _UNRELATED_WORDS.isdisjoint(before) \
            and bool(_UNRELATED.search(" ".join(before)))

    def _mine(self, clauses: list[list[str]]) -> bool:
        """Whether the question speaks of the writer's or the reader's back ("my back", "when
        your back goes") or of sciatica, lumbago and the like: not only of backs or vertebrae
        in general ("how many vertebrae are there?"). Not negated."""
        for clause in clauses:
            for i in self._persons(clause):
                word = clause[i]
                if any(stem(w) in self.anchors for w in self.synonyms.get(word, word).split()) \
                        and (word not in self.lists.body_anchors or self._owned(clause, i)) \
                        and not _denied(clause, i):
                    return True
        return False

    def _settled(self, clause: list[str]) -> bool:
        """Whether a sentence says the back is fine now: a `settled` word said of it ("my
        back is much better", "back's fine these days"), not wished for ("make it better")."""
        for i, word in enumerate(clause):
            if word in self.settled and not self.lists.wished.intersection(clause[:i]) \
                    and any(stem(w) in self.anchors for w in clause[max(0, i - SETTLED_REACH):i]):
                return True
        return False

    def _ranked_first(self, known: list[str], mass: float,
                      skip: frozenset[str]) -> tuple[str, float]:
        """The best topic by naive Bayes and its confidence. Of two nearly as likely, the
        one with an example clearly more like the question wins (`TIE_MARGIN`). One that
        resembles the question too little to answer gives way to a nearly as likely topic
        with an example very like it, if the question uses a word of our field ("should I
        keep going to the chiropractor?", not "how do I get my baby to nap?"). A topic in
        `skip` (a part of the back the question does not name) gives way to the next (of two
        near-tied, the one more like the question), but the score stays the skipped one's at
        most: that decides between topics, not whether to answer at all (a sink "for hand
        washing" is no question about the upper back, nor about anything else)."""
        weights = dict.fromkeys(known, 1.0)
        first = self.rank_weighted(weights)
        if first not in skip:
            score = self.confidence(first, known, mass)
            ranked = self._likeliest(weights, skip, 3)
            for topic, odds in ranked[1:]:
                if ranked[0][1] - odds > TIE_MARGIN:
                    break
                # Thanks said with a request to join or leave the campaign ("unsub me, ta")
                # go with the request: it wins on resemblance alone.
                gain = 0.0 if first in SMALL_TALK and topic in _CAMPAIGN else TIE_GAIN
                if first in self.needled and topic not in self.needled \
                        and self.acupuncture.intersection(known):
                    # "is acupuncture likely to shorten a bout of sciatica?" asks about
                    # acupuncture, however like a question about sciatica it reads
                    continue
                if self.confidence(topic, known, mass) >= score + gain:
                    first = topic
                    break
            if score >= THRESHOLD or not self.domain.intersection(known) - self.to_us:
                return first, score  # a rescue needs a word of our field
            ranked = self._likeliest(weights, skip, RESCUE_TOPICS)
            for topic, odds in ranked[1:]:
                if ranked[0][1] - odds > RESCUE_MARGIN:
                    break
                other = self.confidence(topic, known, mass)
                if other >= RESCUE and other > score:
                    first, score = topic, other
            return first, score
        cap = self.confidence(first, known, mass)
        # What made the skipped topic likely ("... for this back ache, would that help?") is
        # shared by the next ones, so two of them near-tied are told apart by resemblance
        # instead: "a massage for this back ache" is a question about massage.
        (second, odds), (third, odds_third) = self._likeliest(weights, skip, 2)
        best = self.confidence(second, known, mass)
        if odds - odds_third <= RUNNER_UP_MARGIN:
            other = self.confidence(third, known, mass)
            if other > best:
                second, best = third, other
        return second, min(cap, best)

    def _likeliest(self, weights: dict[str, float], skip: frozenset[str],
                   n: int) -> list[tuple[str, float]]:
        """The `n` likeliest topics by naive Bayes but for those in `skip`, with their log
        odds, best first (padded with `fallback` at no odds)."""
        scored = sorted(self._log_odds(weights, skip), key=itemgetter(1), reverse=True)
        return scored[:n] + [(FALLBACK, -math.inf)] * (n - len(scored[:n]))

    def _log_odds(self, weights: dict[str, float],
                  skip: frozenset[str]) -> Iterator[tuple[str, float]]:
        """Each candidate topic (not decisive-only, not in `skip`) with its naive Bayes log
        odds, each word counting its weight.

        The sum runs in C (`map` over the dict's `get` and `mul`), not in a generator: it is
        the matcher's inner loop, a term per word and topic, and the same products added in
        the same order give the same score to the last bit."""
        feats, counts = list(weights), list(weights.values())
        for topic_id, log_p in self.log_p.items():
            if topic_id in self.decisive_topics or topic_id in skip:
                continue
            unseen = repeat(self.log_unseen[topic_id])
            yield topic_id, sum(map(mul, counts, map(log_p.get, feats, unseen)))

    def rank(self, feats: list[str], skip: frozenset[str] = frozenset()) -> str:
        """The topic whose examples make these words most likely (multinomial naive Bayes)."""
        return self.rank_weighted(dict.fromkeys(feats, 1.0), skip)

    def rank_weighted(self, weights: dict[str, float], skip: frozenset[str] = frozenset()) -> str:
        """Naive Bayes where each word counts its weight: a story's background counts less
        than its question. Topics in `skip` are not candidates."""
        best_topic, best = FALLBACK, -math.inf
        for topic_id, score in self._log_odds(weights, skip):
            if score > best:
                best_topic, best = topic_id, score
        return best_topic

    def _unsaid(self, clauses: list[list[str]]) -> frozenset[str]:
        """Topics none of whose needed words (`matching: needs`) the question uses: the lower back
        only for "lower", "lumbago", "the small of my back"..."""
        said = {w for clause in clauses for word in clause
                for w in (word, *self.synonyms.get(word, word).split())}
        return frozenset(t for t, needed in self.lists.needs.items()
                         if t in self.log_p and needed.isdisjoint(said))

    @staticmethod
    def _unknown_mass(unknown: set[str]) -> float:
        """Squared weight of words no example uses: everyday words ("info") count for less."""
        return sum((EVERYDAY_UNKNOWN_WEIGHT if is_everyday(w) else UNKNOWN_WEIGHT) ** 2
                   for w in unknown)

    def confidence(self, topic: str, feats: list[str], unknown_mass: float) -> float:
        """Cosine between the question and the topic's closest example.

        Words we have never seen count against it, so "who is the prime minister" is not
        a confident match for "who are you" on the strength of "who" alone.
        """
        q_norm = math.sqrt(sum(self._weight(f) for f in feats) + unknown_mass)
        dots: dict[int, float] = defaultdict(float)
        postings = self.topic_postings.get(topic, {})
        for f in feats:
            examples = postings.get(f)
            if examples is not None:
                w = self._weight(f)
                for i in (examples,) if isinstance(examples, int) else examples:
                    dots[i] += w
        return max((dot / (q_norm * self.example_norm[i]) for i, dot in dots.items()),
                   default=0.0)
