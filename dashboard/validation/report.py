"""The agreement report: the tool against people's labels, overall and per outlet, and
people against each other.

Only labels of the random sample count: actively chosen articles are not representative,
so they are counted and named but left out of every figure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from dashboard.validation.agreement import CoderAgreement, ToolAgreement, coder_agreement, tool_agreement
from dashboard.validation.labels import ACTIVE, RANDOM

# An outlet gets figures of its own from this many labelled articles on.
MIN_OUTLET_LABELS = 5
# Fewer labelled articles than this, and a figure is "not checked yet".
MIN_CHECKED_LABELS = 10
CHECK_PAGE = "Check the numbers"


@dataclass(frozen=True)
class AgreementReport:
    n_random: int
    n_active: int
    # Labelled articles the tool takes no stance on (no sentence about the topic).
    n_without_tool_stance: int
    # Labels of articles that are not in these tables (another corpus, or filtered out).
    n_elsewhere: int
    overall: ToolAgreement | None
    by_outlet: dict[str, ToolAgreement] = field(default_factory=dict)
    coders: CoderAgreement | None = None


def human_scores(labels: pd.DataFrame) -> pd.Series:
    """One human score per article: the median of its coders' -2..+2 stances, rounded
    toward neutral when it falls between two values."""
    medians = labels.groupby("article_id")["stance"].median()
    return medians.map(lambda value: int(value) if value == int(value) else int(value - 0.5 if value > 0 else value + 0.5))


def agreement_report(articles: pd.DataFrame, labels: pd.DataFrame, resamples: int = 1000) -> AgreementReport:
    """The report for the articles shown (`articles`) and every label given."""
    random_labels = labels[labels["chosen"] == RANDOM]
    n_active = int((labels["chosen"] == ACTIVE).sum())
    known = set(articles["article_id"].tolist())
    here = random_labels[random_labels["article_id"].isin(known)]
    scores = human_scores(here) if len(here) else pd.Series(dtype="int64")
    tool = articles.set_index("article_id").loc[list(scores.index), ["outlet", "topic_label", "topic_score"]] if len(scores) else None
    overall, by_outlet, without = None, {}, 0
    if tool is not None:
        scored = tool[tool["topic_label"].fillna("").astype(str) != ""]
        without = len(tool) - len(scored)
        if len(scored):
            pairs = scores.loc[scored.index]
            overall = tool_agreement(list(pairs), list(scored["topic_label"]), list(scored["topic_score"].astype(float)), resamples=resamples)
            for outlet, group in scored.groupby("outlet"):
                if len(group) >= MIN_OUTLET_LABELS:
                    by_outlet[str(outlet)] = tool_agreement(
                        list(scores.loc[group.index]), list(group["topic_label"]), list(group["topic_score"].astype(float)), resamples=resamples,
                    )
    coded = {
        str(article_id): {str(coder): int(stance) for coder, stance in zip(group["coder"], group["stance"], strict=True)}
        for article_id, group in here.groupby("article_id")
    }
    return AgreementReport(
        n_random=len(scores), n_active=n_active, n_without_tool_stance=without,
        n_elsewhere=int(random_labels["article_id"].nunique()) - len(scores),
        overall=overall, by_outlet=by_outlet, coders=coder_agreement(coded) if coded else None,
    )


def _figure(value: float | None, interval: tuple[float, float] | None) -> str:
    if value is None:
        return "–"
    return f"{value:.2f} [{interval[0]:.2f}, {interval[1]:.2f}]" if interval else f"{value:.2f}"


def agreement_line(report: AgreementReport, calibration: dict | None = None) -> str:
    """The line under a stance chart: how far the figures were checked in this corpus.

    After `build --calibrate` the labels shown were fitted on these very labels, so the
    line gives the calibration's out-of-fold figures instead of in-sample ones.
    """
    if calibration and calibration.get("used"):
        held = calibration["out_of_fold"]
        return (
            f"Labels calibrated on {calibration['random_labels']} labelled articles; checked out of fold ({calibration['folds']} folds): "
            f"macro-F1 {_figure(held['macro_f1'], tuple(held['macro_f1_interval']))}, kappa {_figure(held['kappa'], tuple(held['kappa_interval']))}."
        )
    overall = report.overall
    if overall is None or overall.n < MIN_CHECKED_LABELS:
        labelled = overall.n if overall else 0
        return f"Not checked yet: {labelled} of the articles shown carry a label of the random sample; label at least {MIN_CHECKED_LABELS} on the {CHECK_PAGE} page."
    return (
        f"Checked against {overall.n} articles labelled in this corpus: macro-F1 {_figure(overall.macro_f1, overall.macro_f1_interval)}, "
        f"kappa {_figure(overall.kappa, overall.kappa_interval)}."
    )


def report_rows(report: AgreementReport) -> pd.DataFrame:
    """The report as a table (for CSV): one row per scope and figure, with its interval."""
    rows: list[dict[str, object]] = []
    scopes = ([("all outlets", report.overall)] if report.overall else []) + sorted(report.by_outlet.items())
    for scope, figures in scopes:
        for name in ("macro_f1", "accuracy", "kappa", "spearman"):
            value = getattr(figures, name)
            interval = getattr(figures, f"{name}_interval")
            rows.append({
                "comparison": "tool vs people", "scope": scope, "figure": name, "value": value, "low": interval[0] if interval else None,
                "high": interval[1] if interval else None, "n_articles": figures.n,
            })
    if report.coders is not None:
        for name, value in (("krippendorff_alpha_ordinal", report.coders.alpha), ("exact_agreement", report.coders.exact_agreement)):
            rows.append({
                "comparison": "people vs people", "scope": "all outlets", "figure": name, "value": value, "low": None, "high": None,
                "n_articles": report.coders.n_articles,
            })
    return pd.DataFrame(rows, columns=["comparison", "scope", "figure", "value", "low", "high", "n_articles"])


def report_markdown(report: AgreementReport, topic_title: str, escape: Callable[[str], str] = str) -> str:
    """The report as Markdown: figures, the confusion matrix, what was left out. `escape`
    is applied to names from the corpus (outlets, the topic), which the app shows escaped."""
    lines = [f"## Stance on {escape(topic_title)}: the tool against people's reading", ""]
    lines.append(
        f"{report.n_random} articles of the random sample are labelled here; {report.n_active} actively chosen labels are left out of "
        f"every figure (they are not representative); {report.n_without_tool_stance} labelled articles get no stance from the tool; "
        f"{report.n_elsewhere} labelled articles are not among the articles shown."
    )
    lines.append("")
    overall = report.overall
    if overall is None:
        lines.append("No labelled article of the random sample has a stance from the tool yet.")
    else:
        lines += ["| scope | n | macro-F1 | accuracy | kappa | Spearman |", "|---|---|---|---|---|---|"]
        for scope, figures in [("all outlets", overall), *sorted(report.by_outlet.items())]:
            lines.append(
                f"| {escape(scope)} | {figures.n} | {_figure(figures.macro_f1, figures.macro_f1_interval)} | {_figure(figures.accuracy, figures.accuracy_interval)} "
                f"| {_figure(figures.kappa, figures.kappa_interval)} | {_figure(figures.spearman, figures.spearman_interval)} |"
            )
        lines += ["", "95% intervals from 1,000 bootstrap resamples of the articles. Outlets with fewer than "
                  f"{MIN_OUTLET_LABELS} labelled articles have no row of their own.", "", "Confusion (rows: people, columns: tool):", ""]
        lines += ["| people \\ tool | " + " | ".join(overall.classes) + " |", "|---|" + "---|" * len(overall.classes)]
        lines += [f"| {label} | " + " | ".join(str(count) for count in row) + " |" for label, row in zip(overall.classes, overall.confusion, strict=True)]
    lines.append("")
    coders = report.coders
    if coders is None or coders.alpha is None:
        lines.append("People against people: fewer than two articles are labelled by two coders or more, so no Krippendorff's alpha yet.")
    else:
        lines.append(
            f"People against people: Krippendorff's alpha (ordinal) {coders.alpha:.2f} over {coders.n_articles} articles and "
            f"{coders.n_coders} coders; exact agreement on {coders.exact_agreement:.0%} of them."
        )
    lines += ["", "How to read them: kappa and alpha are agreement beyond chance, 1 perfect and 0 no better than chance; "
              "content analysts take alpha ≥ 0.8 as reliable and ≥ 0.667 as enough for tentative conclusions."]
    return "\n".join(lines) + "\n"


def agreement_summary(report: AgreementReport) -> dict[str, object]:
    """The headline figures for `build.json`: what the charts' agreement line says."""
    overall, coders = report.overall, report.coders
    summary: dict[str, object] = {"labelled_random": report.n_random, "labelled_active": report.n_active}
    if overall is not None:
        summary.update({
            "n_articles": overall.n, "macro_f1": overall.macro_f1, "macro_f1_interval": list(overall.macro_f1_interval),
            "kappa": overall.kappa, "kappa_interval": list(overall.kappa_interval), "accuracy": overall.accuracy,
        })
    if coders is not None and coders.alpha is not None:
        summary.update({"krippendorff_alpha": coders.alpha, "coder_articles": coders.n_articles})
    return summary
