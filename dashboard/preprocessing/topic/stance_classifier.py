"""The fine-tuned topic stance classifier at run time: (topic title, sentence) pairs in,
logits for critical, neutral and supportive out; onnxruntime and tokenizers only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnxruntime
from tokenizers import Tokenizer

from dashboard.preprocessing.encoder.sentence_encoder import BATCH_SIZE, onnx_session, tokenizer_from_file
from dashboard.preprocessing.topic.stance_model import FINE_TUNED_MODEL_PATH

# The topic's title and an article window together (sentences are much shorter).
MAX_PAIR_TOKENS = 256


@dataclass(frozen=True)
class StanceClassifier:
    session: onnxruntime.InferenceSession
    tokenizer: Tokenizer

    def logits(self, pairs: Sequence[tuple[str, str]], batch_size: int = BATCH_SIZE) -> np.ndarray:
        """(n, 3) logits, in the order given."""
        result = np.zeros((len(pairs), 3), dtype=np.float32)
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][1]))
        for start in range(0, len(order), batch_size):
            rows = order[start:start + batch_size]
            encodings = self.tokenizer.encode_batch([pairs[i] for i in rows])
            inputs = {
                "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
            }
            (result[rows],) = self.session.run(["logits"], inputs)
        return result


def stance_classifier(threads: int = 0, path: Path = FINE_TUNED_MODEL_PATH) -> StanceClassifier:
    return StanceClassifier(onnx_session(path, threads), tokenizer_from_file(max_tokens=MAX_PAIR_TOKENS))
