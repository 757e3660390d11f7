"""Fine-tune all-MiniLM-L6-v2 into a topic stance classifier and export it to int8 ONNX.

    .venv-train/bin/python -m dashboard.preprocessing.topic.fine_tune_stance_encoder

(`make train-venv` makes `.venv-train` with the `train` extra: torch, transformers, onnx.)

Why: a linear head on frozen sentence embeddings reads topic and tone, not stance; an
encoder fine-tuned on stance learns that "the puppets boast of strengthened cooperation"
is critical and "the framework deters the North's reckless provocations" supportive.
Input is a pair, the topic's title and the sentence, so one model serves every topic and
learns stance toward *that* topic (state media praise the Russia–DPRK treaty and denounce
the trilateral framework). Training data: `data/training/stance_sentences/*.csv`, written
in our own words over a dozen alliances, pacts and exercises, each topic's stance
statements in `data/topics/`, and windows of three in four of the training articles
(`data/training/stance_articles/`) labelled with the article's stance, so that the model
also reads an article whole: a wire report that relays officials' warm words is neutral,
the officials' own statement supportive. The held-out fifth of the sentences and the
fourth of the articles kept out (the splits of `fit_topic_stance.py`) pick the epoch;
nothing else is seen. Output:
`model/topic_stance_minilm_int8.onnx` (inputs input_ids, attention_mask, token_type_ids;
output logits for critical, neutral, supportive) and `model/topic_stance_minilm.json`
with the settings and the held-out score of every epoch.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import numpy as np

from dashboard.preprocessing.encoder.export_encoder import export_int8_classifier
from dashboard.preprocessing.encoder.sentence_encoder import tokenizer_from_file
from dashboard.preprocessing.sentiment.evaluation import evaluation_of
from dashboard.preprocessing.topic.definition import STANCES, topic_in_folder
from dashboard.preprocessing.topic.evaluation import article_sentences
from dashboard.preprocessing.topic.fit_topic_stance import TOPICS, TRAINING, is_validation_article, training_articles, training_sentences
from dashboard.preprocessing.topic.stance_classifier import MAX_PAIR_TOKENS
from dashboard.preprocessing.topic.stance_model import FINE_TUNED_MODEL_PATH, softmax
from dashboard.preprocessing.topic.topic_stance import article_windows

SETTINGS = {"epochs": 6, "learning_rate": 5e-5, "batch_size": 16, "warmup_share": 0.1, "weight_decay": 0.01, "seed": 13, "threads": 2}
INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")


def build_model():
    import torch
    from transformers import BertModel

    from dashboard.preprocessing.encoder.export_encoder import source_model_dir

    class StanceNet(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = BertModel.from_pretrained(str(source_model_dir()), local_files_only=True)
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(self.bert.config.hidden_size, len(STANCES))

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state
            tokens = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * tokens).sum(dim=1) / tokens.sum(dim=1).clamp(min=1.0)
            return self.head(self.dropout(mean))

    return StanceNet()


def encoded(pairs: list[tuple[str, str]]) -> dict[str, np.ndarray]:
    encodings = tokenizer_from_file(max_tokens=MAX_PAIR_TOKENS).encode_batch(pairs)
    return {
        "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
        "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
        "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
    }


def logits_of(model, pairs: list[tuple[str, str]], batch_size: int = 64) -> np.ndarray:
    import torch

    model.eval()
    order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][1]))
    result = np.zeros((len(pairs), len(STANCES)), dtype=np.float32)
    with torch.no_grad():
        for begin in range(0, len(order), batch_size):
            chosen = order[begin:begin + batch_size]
            inputs = {k: torch.from_numpy(v) for k, v in encoded([pairs[i] for i in chosen]).items()}
            result[chosen] = model(**inputs).numpy()
    return result


def main(argv: list[str] | None = None) -> int:
    import torch

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=FINE_TUNED_MODEL_PATH)
    parser.add_argument("--epochs", type=int, default=SETTINGS["epochs"])
    arguments = parser.parse_args(argv)
    settings = {**SETTINGS, "epochs": arguments.epochs}
    random.seed(settings["seed"])
    torch.manual_seed(settings["seed"])
    torch.set_num_threads(settings["threads"])

    sentences = training_sentences(TRAINING / "stance_sentences")
    articles = training_articles(TRAINING / "stance_articles")
    titles = {t: topic_in_folder(TOPICS, t).title for t in sorted(set(sentences["topic"]) | {a.topic for a in articles})}
    pairs = [(titles[t], text) for t, text in zip(sentences["topic"], sentences["text"], strict=True)]
    labels = sentences["label"].map(STANCES.index).to_numpy()
    held = sentences["held_out"].to_numpy()
    train = [i for i in range(len(pairs)) if not held[i]]
    # Each topic's own statements are clean examples of each side; they join the training part.
    for t in titles:
        topic = topic_in_folder(TOPICS, t)
        for stance in STANCES:
            for statement in topic.statements[stance]:
                pairs.append((topic.title, statement))
                labels = np.append(labels, STANCES.index(stance))
                train.append(len(pairs) - 1)
    held_out = np.flatnonzero(held)
    validation = [a for a in articles if is_validation_article(a)]
    for article in articles:
        if not is_validation_article(article):
            for window in article_windows(article.title, article_sentences(article.text)[0]):
                pairs.append((titles[article.topic], window))
                labels = np.append(labels, STANCES.index(article.label))
                train.append(len(pairs) - 1)

    def validation_f1() -> float:
        predicted = []
        for article in validation:
            windows = article_windows(article.title, article_sentences(article.text)[0])
            logits = logits_of(model, [(titles[article.topic], w) for w in windows])
            predicted.append(int(softmax(logits).mean(axis=0).argmax()))
        return evaluation_of([a.label for a in validation], [STANCES[i] for i in predicted], STANCES).macro_f1

    model = build_model()
    steps = settings["epochs"] * ((len(train) + settings["batch_size"] - 1) // settings["batch_size"])
    optimiser = torch.optim.AdamW(model.parameters(), lr=settings["learning_rate"], weight_decay=settings["weight_decay"])
    warmup = int(settings["warmup_share"] * steps)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min(1.0, (step + 1) / max(1, warmup)) * max(0.0, (steps - step) / max(1, steps - warmup))
    )
    history, best_state, best_f1 = [], None, -1.0
    for epoch in range(1, settings["epochs"] + 1):
        model.train()
        started = time.perf_counter()
        order = train[:]
        random.shuffle(order)
        for begin in range(0, len(order), settings["batch_size"]):
            chosen = order[begin:begin + settings["batch_size"]]
            inputs = {k: torch.from_numpy(v) for k, v in encoded([pairs[i] for i in chosen]).items()}
            loss = torch.nn.functional.cross_entropy(model(**inputs), torch.from_numpy(labels[chosen]).long(), label_smoothing=0.05)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
        predicted = logits_of(model, [pairs[i] for i in held_out]).argmax(axis=1)
        f1 = evaluation_of([STANCES[i] for i in labels[held_out]], [STANCES[i] for i in predicted], STANCES).macro_f1
        articles_f1 = validation_f1()
        history.append({
            "epoch": epoch, "held_out_macro_f1": round(f1, 4), "validation_articles_macro_f1": round(articles_f1, 4),
            "seconds": round(time.perf_counter() - started, 1),
        })
        print(history[-1], flush=True)
        if f1 + articles_f1 > best_f1:
            best_f1, best_state = f1 + articles_f1, {k: v.detach().clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    arguments.out.parent.mkdir(parents=True, exist_ok=True)
    export_int8_classifier(model, INPUT_NAMES, arguments.out)
    chosen_epoch = max(history, key=lambda h: h["held_out_macro_f1"] + h["validation_articles_macro_f1"])["epoch"]
    report = {"settings": settings, "training_pairs": len(train), "held_out_sentences": len(held_out),
              "validation_articles": len(validation), "epochs": history,
              "chosen_epoch": chosen_epoch, "onnx_bytes": arguments.out.stat().st_size}
    arguments.out.with_name("topic_stance_minilm.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
