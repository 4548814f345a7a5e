"""Train the triage safety nets (`bot/answers/data/triage_nets.json.gz`) from the labelled
corpus.

    pip install scikit-learn   # only for this script; the bot reads the weights in pure Python
    python bench/train_net.py [--check]

The rules in responses/triage.yaml decide first; a net only catches messages whose wording
no rule foresaw ("I keep thinking the river looks peaceful at night", "both feet feel like
blocks of wood"). Each is a logistic regression over character 2-5-grams within words and
over words and word pairs (TF-IDF), trained on the development sets in bench/triage/
(dev*.yaml: every tier, with their hard negatives), the triage rules' own `examples` and
`not` examples, the topic examples in responses/topics/ and the matcher's tune questions
(all ordinary: everyday questions teach it what is not an alarm). The held-out sets
(holdout*.yaml) are never read here: they measure the nets.

The text a net sees is the text the rules see (folded, spelling-corrected:
`Speller.clauses`), so training and the bot agree. Both nets are fitted on the same texts,
so they share one vocabulary and IDF; the file stores those once (each feature by its
64-bit key, `gram_key`, as packed arrays: the bot keeps no strings for them), then each
net's weights and a few messages with the probability scikit-learn gave them:
`python -m bot check` and the tests recompute those in pure Python, so the bot's
arithmetic is proven equal to the trainer's. `--check` retrains in memory and says whether
the stored files are the same.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.answers.content import load_content  # noqa: E402
from bot.answers.learned import NETS_FILE, TIERS, gram_key  # noqa: E402
from bot.answers.spelling import Speller  # noqa: E402
from bot.answers.triage import Triager  # noqa: E402

C = 10.0  # inverse regularisation: chosen on dev sets only (3 and 30 gave the same recall)
CHAR_NGRAMS = (2, 5)
WORD_NGRAMS = (1, 2)
TRIAGE_TOPICS = {"emergency", "urgent", "crisis"}
# Messages whose probabilities are stored with the weights and recomputed by the bot.
REFERENCE = ["i cant see the point in carrying on", "what exercises help sciatica",
             "ive been cutting my arms again", "both legs numb and cant pee",
             "everyone would be better off without me", "is acupuncture safe in pregnancy",
             "", "ok thanks"]


def corpus(reader: Speller, tier: str) -> tuple[list[str], list[int]]:
    content = load_content()
    texts: list[str] = []
    labels: list[int] = []

    def add(text: str, label: int) -> None:
        texts.append(" ".join(w for clause in reader.clauses(text) for w in clause))
        labels.append(label)

    for path in sorted((ROOT / "bench" / "triage").glob("dev*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")):
            add(item["q"], int(item["tier"] == tier))
    for topic in content.topics.values():
        if topic.id not in TRIAGE_TOPICS:
            for example in topic.examples:
                add(example, 0)
    # Each rule's own examples (its tier) and `not` examples (hard negatives written for it:
    # "my cat scratched my arms"), as clinicians wrote them beside the rules.
    for rule in content.triage.rules:
        for example in rule.examples:
            add(example.text, int(rule.tier == tier))
        for example in rule.not_examples:
            add(example.text, 0)
    tune = yaml.safe_load((ROOT / "bench" / "questions" / "tune.yaml").read_text("utf-8"))
    for item in tune:
        if not item.get("emergency"):
            add(item["q"], 0)
    return texts, labels


def train(tier: str) -> dict[str, object]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_union

    content = load_content()
    reader = Speller(content, Triager(content.triage, nets={}).vocabulary())
    texts, labels = corpus(reader, tier)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS, min_df=2,
                            sublinear_tf=True, lowercase=False)
    words = TfidfVectorizer(analyzer="word", ngram_range=WORD_NGRAMS, min_df=1,
                            sublinear_tf=True, lowercase=False, token_pattern=r"(?u)\b\w\w+\b")
    union = make_union(chars, words)
    model = LogisticRegression(C=C, max_iter=5000, class_weight="balanced")
    model.fit(union.fit_transform(texts), labels)
    coef = model.coef_[0]
    out: dict[str, object] = {}
    offset = 0
    for name, vec in (("chars", chars), ("words", words)):
        # The bot finds a feature by its 64-bit key (`gram_key`) in a sorted array.
        keyed = sorted((gram_key(t), t) for t in vec.vocabulary_)
        keys = [k for k, _ in keyed]
        assert len(set(keys)) == len(keys), f"two {name} features share a key"
        out[f"{name}_keys"] = pack(keys, "<u8")
        out[f"{name}_idf"] = pack([round(float(vec.idf_[vec.vocabulary_[t]]), 6)
                                   for _, t in keyed], "<f8")
        out[name] = pack([round(float(coef[offset + vec.vocabulary_[t]]), 6)
                          for _, t in keyed], "<f8")
        offset += len(keyed)
    folded = [" ".join(w for c in reader.clauses(t) for w in c) for t in REFERENCE]
    probs = model.predict_proba(union.transform(folded))[:, 1]
    out.update(intercept=round(float(model.intercept_[0]), 6), trained_on=len(texts),
               positives=int(sum(labels)),
               reference=[[t, round(float(p), 6)] for t, p in zip(folded, probs)])
    return out


def build() -> dict[str, object]:
    """Both nets, with the features they share stored once."""
    nets = {tier: train(tier) for tier in TIERS}
    first = nets[TIERS[0]]
    shared = ("chars_keys", "chars_idf", "words_keys", "words_idf")
    for tier, net in nets.items():  # same texts, same settings: the same features
        assert all(net[k] == first[k] for k in shared), f"{tier} net has other features"
    return {"char_ngrams": list(CHAR_NGRAMS), "word_ngrams": list(WORD_NGRAMS),
            **{name: {"keys": first[f"{name}_keys"], "idf": first[f"{name}_idf"]}
               for name in ("chars", "words")},
            "nets": {tier: {k: v for k, v in net.items() if k not in shared}
                     for tier, net in nets.items()}}


def pack(values: list[float] | list[int], dtype: str) -> str:
    """Base64 of the values' little-endian bytes: what `bot.answers.learned.packed` reads."""
    import numpy as np

    return base64.b64encode(np.asarray(values, dtype=dtype).tobytes()).decode("ascii")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="retrain in memory; exit 1 if the stored file differs")
    args = parser.parse_args()
    data = json.dumps(build(), sort_keys=True, separators=(",", ":")).encode()
    if args.check:
        same = NETS_FILE.exists() and gzip.decompress(NETS_FILE.read_bytes()) == data
        print("stored nets " + ("match the corpus" if same else "are out of date"))
        return 0 if same else 1
    NETS_FILE.write_bytes(gzip.compress(data, mtime=0))
    print(f"wrote {NETS_FILE.relative_to(ROOT)} ({len(data) // 1024} KB before compression)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
