"""Accurate target-dependent sentiment: a fine-tuned MiniLM run with onnxruntime.

Why: the linear TF-IDF model in `target_model.py` is fast but misses how a sentence treats
one target rather than another (F1m about 63-65 on NewsMTSC). This model reads the whole
sentence with the target marked, so two targets of one sentence can get different verdicts.
It is sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0) fine-tuned on NewsMTSC's
train.jsonl only (Hamborg & Donnay, EACL 2021; data MIT-licensed, copyright 2020 Felix
Hamborg) by `fine_tune_target_model.py`, exported to ONNX and quantised to int8. Run time
needs only onnxruntime, tokenizers and numpy (no torch).

Input of the model, built by `encoded_target` (the training script uses the same function):
segment A is the sentence with the target wrapped as `<< target >>`, segment B the target
mention; `target_mask` marks the tokens of the mention inside segment A. The head reads the
[CLS] state, the mean of all tokens and the mean of the target tokens. No token is added to
the vocabulary, so the base encoder's tokenizer.json serves as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from dashboard.preprocessing.sentiment.target_model import CLASSES

MODEL_PATH = Path(__file__).resolve().parent / "model" / "target_sentiment_minilm_int8.onnx"
TOKENIZER_PATH = Path(__file__).resolve().parents[1] / "encoder" / "model" / "tokenizer.json"
MAX_TOKENS = 128
MAX_MENTION_TOKENS = 16
OPEN_MARK, CLOSE_MARK = "<< ", " >>"
INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids", "target_mask")


@dataclass(frozen=True)
class EncodedTarget:
    """One target as token ids; all three lists have the same length."""

    input_ids: list[int]
    token_type_ids: list[int]
    target_mask: list[int]


def load_tokenizer(path: Path = TOKENIZER_PATH):
    """The WordPiece tokenizer, without its own padding and truncation (done here instead)."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer


def marked_sentence(sentence: str, start: int, end: int) -> tuple[str, int, int]:
    """The sentence with `<< target >>` around the target, and the target's new span."""
    marked = sentence[:start] + OPEN_MARK + sentence[start:end] + CLOSE_MARK + sentence[end:]
    return marked, start + len(OPEN_MARK), end + len(OPEN_MARK)


def _window(length: int, first: int, last: int, budget: int) -> tuple[int, int]:
    """A window of at most `budget` tokens out of `length`, keeping [first, last) inside if it fits."""
    if length <= budget:
        return 0, length
    centre = (first + last) // 2
    begin = min(max(0, centre - budget // 2), length - budget)
    if first < begin:  # a target longer than the window: keep its start
        begin = first
    return begin, begin + budget


def encoded_targets(tokenizer, targets: Sequence[tuple[str, int, int]]) -> list[EncodedTarget]:
    """[CLS] marked sentence [SEP] mention [SEP], at most MAX_TOKENS, the target kept inside."""
    marked = [marked_sentence(sentence, start, end) for sentence, start, end in targets]
    sentences = tokenizer.encode_batch([text for text, _, _ in marked], add_special_tokens=False)
    mentions = tokenizer.encode_batch([sentence[start:end] for sentence, start, end in targets], add_special_tokens=False)
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    rows = []
    for (_, span_start, span_end), encoding, mention in zip(marked, sentences, mentions, strict=True):
        mention_ids = mention.ids[:MAX_MENTION_TOKENS]
        in_target = [int(a < span_end and b > span_start and b > a) for a, b in encoding.offsets]
        hits = [index for index, flag in enumerate(in_target) if flag]
        first, last = (hits[0], hits[-1] + 1) if hits else (0, 0)
        begin, stop = _window(len(encoding.ids), first, last, MAX_TOKENS - 3 - len(mention_ids))
        sentence_ids = encoding.ids[begin:stop]
        rows.append(EncodedTarget(
            input_ids=[cls_id, *sentence_ids, sep_id, *mention_ids, sep_id],
            token_type_ids=[0] * (len(sentence_ids) + 2) + [1] * (len(mention_ids) + 1),
            target_mask=[0, *in_target[begin:stop], 0] + [0] * (len(mention_ids) + 1),
        ))
    return rows


def padded_batch(rows: Sequence[EncodedTarget]) -> dict[str, np.ndarray]:
    """The model's four int64 inputs, padded to the longest row of the batch."""
    width = max(len(row.input_ids) for row in rows)
    batch = {name: np.zeros((len(rows), width), dtype=np.int64) for name in INPUT_NAMES}
    for index, row in enumerate(rows):
        size = len(row.input_ids)
        batch["input_ids"][index, :size] = row.input_ids
        batch["attention_mask"][index, :size] = 1
        batch["token_type_ids"][index, :size] = row.token_type_ids
        batch["target_mask"][index, :size] = row.target_mask
    return batch


def softmax(logits: np.ndarray) -> np.ndarray:
    exponentials = np.exp(logits - logits.max(axis=1, keepdims=True))
    return exponentials / exponentials.sum(axis=1, keepdims=True)


class AccurateTargetModel:
    """The fine-tuned int8 ONNX model; class order negative, neutral, positive (CLASSES)."""

    def __init__(self, model_path: Path = MODEL_PATH, tokenizer_path: Path = TOKENIZER_PATH, threads: int = 2) -> None:
        from dashboard.preprocessing.encoder.sentence_encoder import onnx_session

        self.session = onnx_session(model_path, threads)
        self.tokenizer = load_tokenizer(tokenizer_path)

    def probabilities(self, sentence: str, start: int, end: int) -> np.ndarray:
        """Probabilities of negative, neutral and positive for the target at `sentence[start:end]`."""
        return self.probabilities_of_targets([(sentence, start, end)])[0]

    def probabilities_of_targets(self, targets: Sequence[tuple[str, int, int]], batch_size: int = 64) -> np.ndarray:
        """(n, 3) probabilities; batches of similar length, padded per batch, in the input order."""
        if not targets:
            return np.zeros((0, len(CLASSES)))
        rows = encoded_targets(self.tokenizer, targets)
        order = sorted(range(len(rows)), key=lambda index: len(rows[index].input_ids))
        result = np.empty((len(rows), len(CLASSES)))
        for offset in range(0, len(order), batch_size):
            chosen = order[offset: offset + batch_size]
            (logits,) = self.session.run(["logits"], padded_batch([rows[index] for index in chosen]))
            result[chosen] = softmax(logits.astype(np.float64))
        return result

    def labels_of_targets(self, targets: Sequence[tuple[str, int, int]], batch_size: int = 64) -> list[str]:
        return [CLASSES[int(index)] for index in self.probabilities_of_targets(targets, batch_size).argmax(axis=1)]


@cache
def shipped_accurate_model() -> AccurateTargetModel:
    """The shipped model, loaded once (about a second), with two threads."""
    return AccurateTargetModel()
