"""How the answer engine reads a message: folded words, in clauses, with typos corrected.

Triage and topic matching must read a message identically, and `check` must run each triage
rule's examples through that same reading, so it lives here, below both: `triage` uses it
to test its examples and `matching` to read messages, without either importing the other.

Spelling correction only moves a word that is neither known to the content nor an English
word onto the nearest known word ("accupuncture" -> "acupuncture"). Triage's words win a
tie ("blader" is "bladder", not "blade"): a typo must never hide a symptom.

That search is the one costly step (about 0.2 ms a word, against microseconds for the rest),
and a message of made-up words would make it once per word: 4,096 characters of them cost
about 100 ms, so one user could slow everyone. Each message may therefore search for at most
`GUESSES` distinct words (a few milliseconds); later unknown words are read as they are
typed. Ordinary messages have far fewer unknown words than that, so what they read as is
unchanged, and the answers are cached per word.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.answers.content import Content
from bot.answers.english import is_english
from bot.answers.normalise import clauses as split_clauses
from bot.answers.normalise import fold, words

_DOUBLED = re.compile(r"([a-z])\1")
# Text-speak that spelling distance cannot reach (too short, or too far from the word it
# stands for): "dnt wna be here nemore" is "dont wanna be here anymore".
CHAT = {"dnt": "dont", "wna": "wanna", "wnna": "wanna", "wnt": "want", "nemore": "anymore",
        "nemor": "anymore", "anymor": "anymore", "ne1": "anyone", "every1": "everyone",
        "evry1": "everyone", "no1": "no one", "any1": "anyone", "some1": "someone",
        "sum1": "someone", "cnt": "cant", "cnat": "cant", "cba": "cant be bothered",
        "wud": "would", "wudnt": "wouldnt", "cud": "could", "cudnt": "couldnt",
        "shud": "should", "nuthin": "nothing", "nothin": "nothing", "nthng": "nothing",
        "sumthin": "something", "smthng": "something", "ppl": "people", "u": "you",
        "ur": "your", "r": "are", "wiv": "with", "wen": "when", "tmrw": "tomorrow",
        "tmr": "tomorrow", "2moro": "tomorrow", "2nite": "tonight", "tnight": "tonight",
        "2day": "today", "nd": "and", "bc": "because", "coz": "because", "cuz": "because",
        "gna": "gonna", "gunna": "gonna", "myslf": "myself", "meself": "myself", "ded": "dead",
        "dyin": "dying", "mins": "minutes", "msg": "message", "msgs": "messages",
        "hrs": "hours", "btwn": "between", "btw1": "between", "cannae": "cant", "canna": "cant",
        "couldnae": "couldnt", "dinnae": "dont", "didnae": "didnt", "willnae": "wont",
        "wouldnae": "wouldnt", "isnae": "isnt", "wasnae": "wasnt", "havnae": "havent",
        "havenae": "havent", "shouldnae": "shouldnt",
        # Scots and Northern "no", "nothing", "anything", "myself" and "sore": "nae numbness",
        # "stand there and nowt happens", "gonnae top masel", "a sair back".
        "nae": "no", "nowt": "nothing", "owt": "anything", "masel": "myself",
        "mysel": "myself", "hissel": "himself", "hersel": "herself", "sair": "sore",
        "urnae": "arent", "arenae": "arent", "wisnae": "wasnt", "wurnae": "werent",
        "disnae": "doesnt", "doesnae": "doesnt", "huvnae": "havent", "hasnae": "hasnt",
        "hadnae": "hadnt", "hae": "have", "wantae": "want to", "dae": "do",
        "naebody": "nobody", "naewan": "no one", "naething": "nothing", "oot": "out",
        "oan": "on", "wis": "was", "wid": "would", "mair": "more", "wi": "with",
        # Scots, Irish and Northern "you" and "to": "the bit ye sit on", "yer legs", "belongs tae".
        "ye": "you", "yer": "your", "youse": "you", "yous": "you", "tae": "to",
        # Scots "giving", "given", "gave", "off", "down", "without", "shoulder": "ma legs keep
        # giein way", "came aff the ladder", "sair between ma shooders".
        "giein": "giving", "gien": "given", "gied": "gave", "aff": "off", "doon": "down",
        "withoot": "without", "shooder": "shoulder", "shooders": "shoulders",
        "shouther": "shoulder", "shouthers": "shoulders", "atween": "between",
        # Geordie and Scots "going", "go", "goes": "me legs keep gannin from under us".
        "gannin": "going", "gannen": "going", "ganning": "going", "gaun": "going",
        "gan": "go", "gans": "goes",
        # Scots "now": "an noo ah cannae feel ma backside" (read as "no", it negated the sign).
        "noo": "now",
        # dev31 round: Black Country "can't" ("I cor feel me bum").
        "cor": "cant", "cort": "cant"}
# "No, both my legs are numb": the "no" answers something else, so it ends its clause
# there rather than negating what follows (the comma is gone once the text is folded).
_ANSWER_NO = re.compile(r"(?i)\b(no|nope|nah)\s*[,!-]+")
# "...plus back pain. normal?": a one-word question after a report asks whether it is
# normal; it does not say it is ("legs normal", "back to normal now"). Read as "is that
# normal?", which asks (negation.not_negations), so it cannot clear the report before it.
_BARE_ASK = re.compile(r"(?i)(^|[.!?;,:\n]\s*)(normal|ok|okay|fine|alright|all right)\s*\?")
# "my leg's gone tingly": one leg, not "legs" once the apostrophe is folded away (a plural
# "legs" reads as both). "Leg's" is "leg is" or one leg's; either way, one leg.
_ONE_LEG = re.compile(r"(?i)\b(leg|knee|foot|thigh|calf|shin|ankle|hip)['’]s\b")
# dev31 round: Northern and Scots "me" and "ma" for "my" before a part of the body ("middle
# o me back", "atween ma shoulder blades"), and "o" for "of" before one: read as "my", "of".
# Not after a verb that takes "me" ("call me back", "get me back on the list"); after "did",
# "put" or "rubbed" it is the back ("did me back in", "put me back out").
_MY_BODY = re.compile(
    r"(?i)\b(?:(\w+)\s+)?(me|ma|mah)\s+(back|backs|legs?|feet|foot|bum|bladder|pins|knees?|hips?|"
    r"arse|chest|neck|shoulders?|spine|toes|waterworks|privates|bottom|backside|bowels?)\b")
_TAKES_ME = frozenset({"call", "called", "calling", "calls", "ring", "rang", "ringing", "rings",
                       "phone", "phoned", "phoning", "get", "got", "getting", "gets", "pay",
                       "paid", "paying", "take", "took", "taking", "takes", "taken", "bring",
                       "brought", "bringing", "send", "sent", "sending", "text", "texted",
                       "texting", "give", "gave", "giving", "gives", "given", "hold", "holding",
                       "held", "keep", "kept", "want", "wants", "wanted", "let", "lets", "email",
                       "emailed", "message", "messaged", "write", "wrote", "written", "have",
                       "has", "had", "drive", "drove", "walk", "walked", "carry", "carried",
                       "pull", "pulled", "push", "pushed", "help", "helped", "follow", "followed",
                       "ask", "asked", "tell", "told", "show", "showed", "make", "makes", "making",
                       "made", "leave", "left", "drag", "dragged", "invite", "invited", "welcome",
                       "welcomed", "win", "won", "answer", "answered"})
_O_BEFORE = re.compile(r"(?i)\bo\s+(?=(?:me|ma|my|the|his|her|yer|your|last|this)\s)")


def _my_body(match: re.Match[str]) -> str:
    before, pronoun, part = match.group(1), match.group(2), match.group(3)
    lead = before + " " if before else ""
    if before and before.lower() in _TAKES_ME and pronoun.lower() == "me":
        return match.group(0)
    return f"{lead}my {part}"


# The rewrites above, in the order they apply to a message before it is split into clauses:
# dialect first ("o me back" -> "of my back"), so the others read standard English.
_REWRITES: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    (_MY_BODY, _my_body), (_O_BEFORE, "of "), (_BARE_ASK, r"\1is that \2?"),
    (_ANSWER_NO, r"\1."), (_ONE_LEG, r"\1 is"))


# Distinct words one message may send to the nearest-word search: a real message has a few
# typos and names, a pasted wall of made-up words hundreds.
GUESSES = 24
# Words whose reading is remembered (an entry is about 200 bytes: a few MB at most).
CACHED_WORDS = 32768


def _closest(word: str, pool: list[str] | tuple[str, ...], limit: int,
             safety: frozenset[str]) -> str | None:
    """The word of `pool` at the smallest edit distance (<= limit) from `word`. On a tie: a
    triage word first, then one the typo is shorter than (a letter left out is the commonest
    slip: "blader" is "bladder" before "blade"), then the pool's order."""
    found = process.extract(word, pool, scorer=OSA.distance, score_cutoff=limit, limit=None)
    if not found:
        return None
    nearest = min(distance for _, distance, _ in found)
    return min(((w not in safety, len(w) < len(word), index), w)
               for w, distance, index in found if distance == nearest)[1]


def content_words(content: Content) -> Counter[str]:
    """How often each word appears in the content's examples, titles and word lists."""
    counts: Counter[str] = Counter()
    for topic in content.topics.values():
        for example in topic.examples:
            counts.update(words(fold(example)))
        counts.update(words(fold(topic.title)))
    vocab = content.vocabulary
    for word in (*vocab.stopwords, *vocab.out_of_scope, *vocab.in_scope_anchors,
                 *vocab.generic,
                 *vocab.synonyms, *(w for v in vocab.synonyms.values() for w in v.split())):
        counts[word] += 1
    return counts


class Speller:
    """Reads a message into corrected clauses; built once per content, then cached per word."""

    def __init__(self, content: Content, safety_words: Iterable[str]) -> None:
        counts = content_words(content)
        safety = self.safety = frozenset(safety_words)
        for word in safety:
            counts[word] += 1
        self.known = frozenset(counts)
        # Candidates for correction, best first: triage words win a tie (safety first), then
        # frequent words, then A-Z, so the choice never depends on hash order.
        by_letter: dict[str, list[str]] = defaultdict(list)
        for word in sorted(counts, key=lambda w: (w not in safety, -counts[w], w)):
            if word.isalpha() and len(word) >= 3:
                by_letter[word[0]].append(word)
        self._by_letter = dict(by_letter)
        self._long_words = [w for pool in self._by_letter.values() for w in pool if len(w) >= 5]
        self._safety_pool = sorted(w for w in safety if w.isalpha() and len(w) >= 5)
        self._synonyms = frozenset(content.vocabulary.synonyms)
        # What each word read as, oldest dropped first when full: a dict rather than an
        # lru_cache, so that `clauses` can tell a remembered word (free) from a new one.
        self._memo: dict[str, str] = {}

    def correct(self, word: str) -> str:
        """The known word a typo most likely meant (cached)."""
        found = self._memo.get(word)
        if found is None:
            found = self._correct(word)
            memo = self._memo
            if len(memo) >= CACHED_WORDS:
                del memo[next(iter(memo))]
            memo[word] = found
        return found

    def _easy(self, word: str) -> str | None:
        """What the word reads as when that needs no search of the whole vocabulary (None
        when it does). Known words are a fixed set, so their own small search (below) is
        made at most once per word, ever, through the cache."""
        if not word.isalpha() or not word.isascii():  # Arabic script: read as written
            return word
        if word in self.known:
            return None if self._maybe_safety_typo(word) else word
        # A dropped final g ("fallin", "hangin", "easin"): the -ing word, when known. Before
        # the nearest-word search, which may find a closer word ("fallen" for "fallin").
        if len(word) >= 5 and word.endswith("in") and word + "g" in self.known:
            return word + "g"
        single = _DOUBLED.sub(r"\1", word)  # "hii", "heyy", "pleease"
        if single != word and len(single) > 1 and single in self.known:
            return single
        if len(word) < 4 or is_english(word):
            return word
        return None

    def _maybe_safety_typo(self, word: str) -> bool:
        # A typo that a topic's examples happen to use ("accupuncture") is still a typo of
        # a triage word, so triage reads "acupuncture" there as well.
        return len(word) >= 6 and word not in self.safety and word not in self._synonyms \
            and not is_english(word)

    def _costly(self, word: str) -> bool:
        """Whether reading the word means searching the vocabulary (an unknown word)."""
        return word not in self.known and self._easy(word) is None

    def _correct(self, word: str) -> str:
        easy = self._easy(word)
        if easy is not None:
            return easy
        if word in self.known:
            return _closest(word, self._safety_pool, 1, self.safety) or word
        pool = self._by_letter.get(word[0], ())
        limit = 1 if len(word) < 9 else 2
        best = _closest(word, pool, limit, self.safety)
        if best is None and len(word) >= 5:
            # A wrong first letter ("ciatica"): compare with every longer word.
            best = _closest(word, self._long_words, 1, self.safety)
        return best or word

    def clauses(self, text: str, guesses: int = GUESSES) -> list[list[str]]:
        """The message's clauses, each a list of folded, corrected words; at most `guesses`
        unknown words are searched for, the rest are read as typed (remembered words are free)."""
        searches = 0

        def read(word: str) -> str:
            nonlocal searches
            found = self._memo.get(word)
            if found is not None:
                return found
            if self._costly(word):
                if searches >= guesses:
                    return word
                searches += 1  # once per word: afterwards it is remembered
            return self.correct(word)

        for pattern, replacement in _REWRITES:
            text = pattern.sub(replacement, text)
        return [[read(part) for w in clause for part in _expand(w)]
                for clause in split_clauses(text)]


def _expand(word: str) -> list[str]:
    """The words a chat spelling stands for ("nemore" -> "anymore"); a dropped final g
    ("killin") is restored by spelling correction, which sees "killing" one letter away."""
    return CHAT.get(word, word).split()
