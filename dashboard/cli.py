"""Command line: `python -m dashboard build` (also installed as `coverage-lens`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tqdm import tqdm

from dashboard import paths, schema
from dashboard.preprocessing.actors.dictionary import ActorsFileError
from dashboard.preprocessing.build import BuildOptions, BuildReport, NothingToBuild, build
from dashboard.preprocessing.build.options import ENGINES, LOCAL, EngineUnavailable
from dashboard.preprocessing.frames.definition import FramesFileError
from dashboard.preprocessing.ingest import formats
from dashboard.preprocessing.reference import DEFAULT_TOPIC, reference_data_from_files
from dashboard.preprocessing.sentiment.modes import DEFAULT_STANCE_MODE, STANCE_MODES
from dashboard.preprocessing.sources import SourcesFileError
from dashboard.preprocessing.topic.cues import CuesFileError
from dashboard.preprocessing.topic.definition import TopicFileError

BUILD_EXAMPLE = f"""\
examples:
  python -m dashboard build
      reads seeds/ and data/raw/ (when present), writes data/processed/
  python -m dashboard build --input seeds --input ~/corpus/press.csv --out /tmp/tables

Every file under an input folder is read; its format ({formats.format_titles()})
is found from its content (`python -m dashboard formats` lists what each gives). Files
that cannot be used are listed with a reason in the `rejected` table, and the build goes
on with the rest.
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coverage-lens", description="Coverage Lens: tidy tables of news coverage.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build_parser = commands.add_parser(
        "build",
        help="build the tables: articles, sentences, actors, mentions, quotes, candidates, rejected",
        description="Build the tables from folders or files of raw articles.",
        epilog=BUILD_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    build_parser.add_argument(
        "--input", action="append", type=Path, metavar="PATH",
        help="a folder or file of articles; repeat for several (default: seeds/ and data/raw/)",
    )
    build_parser.add_argument("--out", type=Path, default=paths.PROCESSED, metavar="DIR", help="output folder (default: %(default)s)")
    build_parser.add_argument("--sources", type=Path, default=paths.SOURCES, metavar="FILE", help="outlet registry (default: %(default)s)")
    build_parser.add_argument("--actors", type=Path, default=paths.ACTORS, metavar="FILE", help="actor dictionary (default: %(default)s)")
    build_parser.add_argument(
        "--not-actors", type=Path, default=paths.NOT_ACTORS, metavar="FILE",
        help="phrases that contain an actor's name but are not that actor (default: %(default)s)",
    )
    build_parser.add_argument(
        "--topic", default=DEFAULT_TOPIC, metavar="TOPIC_ID",
        help="the topic whose stance fills articles.topic_score: data/topics/TOPIC_ID.csv (default: %(default)s, the Trilateral Security Cooperation Framework)",
    )
    build_parser.add_argument("--topics", type=Path, default=paths.TOPICS, metavar="DIR", help="folder of topic files (default: %(default)s)")
    build_parser.add_argument("--cues", type=Path, default=paths.STANCE_CUES, metavar="FILE", help="loaded-vocabulary cues (default: %(default)s)")
    build_parser.add_argument(
        "--frames", type=Path, default=paths.FRAMES, metavar="FILE",
        help="the frames sentences are read for (default: %(default)s); with --stance fast they come from cues alone",
    )
    build_parser.add_argument(
        "--stance", choices=STANCE_MODES, default=DEFAULT_STANCE_MODE,
        help=("stance models: accurate (fine-tuned MiniLM toward actors; the linear topic model blended with a fine-tuned classifier) "
              "or fast (linear models only, for very large corpora); default: %(default)s"),
    )
    build_parser.add_argument(
        "--tone", action=argparse.BooleanOptionalAction, default=None,
        help="TextBlob and VADER scores for every sentence (default: on, but off with --stance fast: pure Python, the largest cost after the models)",
    )
    build_parser.add_argument("--workers", type=int, metavar="N", help="processes to clean with (default: all cores for large corpora)")
    build_parser.add_argument(
        "--cache", type=Path, metavar="DIR",
        help="folder of the map cache: each article's processed parts, reused when neither it nor what it depends on changed (default: OUT/.cache)",
    )
    build_parser.add_argument("--no-cache", action="store_true", help="process every article afresh, and keep no cache")
    build_parser.add_argument(
        "--engine", choices=ENGINES, default=LOCAL,
        help="where the map runs: local (this machine's cores) or dask (a dask.distributed cluster; pip install '.[dask]'); default: %(default)s",
    )
    build_parser.add_argument(
        "--scheduler", metavar="ADDRESS",
        help="with --engine dask: the scheduler's address, e.g. tcp://10.0.0.5:8786 (default: a local cluster on this machine)",
    )
    build_parser.add_argument(
        "--labels", type=Path, default=paths.LABELS, metavar="FILE",
        help="people's labels; build.json records how the tables agree with them (default: %(default)s, when it exists)",
    )
    build_parser.add_argument(
        "--calibrate", action="store_true",
        help="fit the score-to-label thresholds on the labels' random sample (5-fold; build.json records out-of-fold figures only)",
    )
    build_parser.add_argument(
        "--follow-links", action="store_true",
        help="read symbolic links that stay inside the input folders (default: links are listed in `rejected`, not read)",
    )
    build_parser.add_argument("--quiet", action="store_true", help="print nothing but warnings and errors")
    evaluate_parser = commands.add_parser(
        "evaluate",
        help="score the target sentiment models on NewsMTSC, the topic stance variants and the sentence frames on labelled sets",
        description=(
            "Score the fast and accurate target sentiment models and two sentence-level baselines on NewsMTSC's devtest files "
            "(--newsmtsc), each topic stance variant on articles labelled -2..+2 (--stance-set), and the sentence frames on "
            "sentences labelled with their frames (--frames-set), with and without similarity."
        ),
    )
    evaluate_parser.add_argument("--newsmtsc", type=Path, metavar="DIR", help="folder with devtest_mt.jsonl and devtest_rw.jsonl")
    evaluate_parser.add_argument(
        "--stance-set", type=Path, metavar="CSV",
        help="articles with title, text and score (-2..+2) or label columns, e.g. tests/data/stance/dev_set.csv",
    )
    evaluate_parser.add_argument("--topic", default=DEFAULT_TOPIC, metavar="TOPIC_ID", help="the topic of --stance-set (default: %(default)s)")
    evaluate_parser.add_argument(
        "--frames-set", type=Path, metavar="CSV",
        help="sentences with text and frames (frame ids, |-separated) columns, e.g. tests/data/frames/dev_set.csv",
    )
    evaluate_parser.add_argument("--frames", type=Path, default=paths.FRAMES, metavar="FILE", help="the frames of --frames-set (default: %(default)s)")
    validate_parser = commands.add_parser(
        "validate", help="the agreement report: the tool's stance against people's labels, and people against each other",
        description="Compare the built tables' stance on the topic with the labels in data/labels.csv (random sample only).",
    )
    validate_parser.add_argument("--labels", type=Path, default=paths.LABELS, metavar="FILE", help="labels file (default: %(default)s)")
    validate_parser.add_argument("--tables", type=Path, default=paths.PROCESSED, metavar="DIR", help="built tables (default: %(default)s)")
    validate_parser.add_argument("--csv", type=Path, metavar="FILE", help="also write the figures as CSV")
    dictionary_parser = commands.add_parser("data-dictionary", help="print the tables' data dictionary (Markdown)")
    dictionary_parser.add_argument("--update", type=Path, metavar="README", help="rewrite the dictionary block of this README in place")
    formats_parser = commands.add_parser("formats", help="print the input formats: how each is detected and what is taken (Markdown)")
    formats_parser.add_argument("--update", type=Path, metavar="README", help="rewrite the formats block of this README in place")
    return parser


NEWSMTSC_DEVTEST = ("devtest_rw.jsonl", "devtest_mt.jsonl")


def _warn(message: str) -> None:
    tqdm.write(message, file=sys.stderr)


def _summary(report: BuildReport, out: Path) -> str:
    manifest = report.manifest
    span = ""
    if manifest["first_published"]:
        span = f", published {manifest['first_published']} to {manifest['last_published']}"
    return (
        f"Built {manifest['articles']} articles from {manifest['outlets']} outlets{span}; "
        f"{manifest['sentences']} sentences, {manifest['mentions']} actor mentions, {manifest['quotes']} quotes; "
        f"{manifest['rejected']} rejected of {manifest['input_files']} input files; {manifest['articles_with_topic_stance']} articles take a stance on {manifest['topic_title']}"
        f" ({manifest['topic_stance_variant']} topic stance, {manifest['stance_mode']} actor stance). "
        f"Tables in {out}/ ({report.seconds:.2f} s)."
    )


def run_build(arguments: argparse.Namespace) -> int:
    inputs = arguments.input or paths.default_inputs()
    if arguments.workers is not None and arguments.workers < 1:
        print("error: --workers must be at least 1", file=sys.stderr)
        return 2
    try:
        reference = reference_data_from_files(
            arguments.sources, arguments.actors, arguments.not_actors, topic=arguments.topic, topics=arguments.topics, cues=arguments.cues,
            frames=arguments.frames,
        )
        options = BuildOptions(
            stance_mode=arguments.stance, sentence_tone=arguments.tone, workers=arguments.workers, progress=not arguments.quiet, warn=_warn,
            follow_links=arguments.follow_links, labels=arguments.labels, calibrate=arguments.calibrate,
            cache=arguments.cache, use_cache=not arguments.no_cache, engine=arguments.engine, scheduler=arguments.scheduler,
        )
        report = build(inputs, arguments.out, reference, options)
    except (FileNotFoundError, SourcesFileError, ActorsFileError, TopicFileError, CuesFileError, FramesFileError, EngineUnavailable) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except NothingToBuild as error:
        print(f"error: {error}; the previous tables in {arguments.out}/ are unchanged", file=sys.stderr)
        return 1
    if not arguments.quiet:
        print(_summary(report, arguments.out))
    return 0


def run_evaluate(arguments: argparse.Namespace) -> int:
    if not arguments.newsmtsc and not arguments.stance_set and not arguments.frames_set:
        print("error: give --newsmtsc DIR, --stance-set CSV, --frames-set CSV or several", file=sys.stderr)
        return 2
    if arguments.newsmtsc:
        from dashboard.preprocessing.sentiment.newsmtsc_report import newsmtsc_report

        missing = [name for name in NEWSMTSC_DEVTEST if not (arguments.newsmtsc / name).is_file()]
        if missing:
            print(f"error: {arguments.newsmtsc} lacks {', '.join(missing)}", file=sys.stderr)
            return 2
        print(newsmtsc_report([arguments.newsmtsc / name for name in NEWSMTSC_DEVTEST]))
    if arguments.stance_set:
        from dashboard.preprocessing.topic.evaluation import stance_set_report

        if not arguments.stance_set.is_file():
            print(f"error: {arguments.stance_set} does not exist", file=sys.stderr)
            return 2
        try:
            reference = reference_data_from_files(paths.SOURCES, paths.ACTORS, paths.NOT_ACTORS, topic=arguments.topic)
        except (SourcesFileError, ActorsFileError, TopicFileError, CuesFileError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        print(stance_set_report(arguments.stance_set, reference))
    if arguments.frames_set:
        from dashboard.preprocessing.frames.definition import frames_from_file
        from dashboard.preprocessing.frames.evaluation import LabelledSetError, frames_set_report

        if not arguments.frames_set.is_file():
            print(f"error: {arguments.frames_set} does not exist", file=sys.stderr)
            return 2
        try:
            print(frames_set_report(arguments.frames_set, frames_from_file(arguments.frames)))
        except (FramesFileError, LabelledSetError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
    return 0


def run_validate(arguments: argparse.Namespace) -> int:
    from dashboard.preprocessing.store import read_manifest, read_table
    from dashboard.validation.labels import labels_from_file
    from dashboard.validation.report import agreement_report, report_markdown, report_rows

    try:
        articles = read_table(arguments.tables, schema.ARTICLES)
        manifest = read_manifest(arguments.tables)
    except (OSError, ValueError) as error:
        print(f"error: no built tables in {arguments.tables} ({error}); run `python -m dashboard build` first", file=sys.stderr)
        return 2
    read = labels_from_file(arguments.labels)
    if read.labels.empty:
        print(f"error: {arguments.labels} holds no labels; label articles on the Check the numbers page", file=sys.stderr)
        return 2
    report = agreement_report(articles, read.labels)
    sys.stdout.write(report_markdown(report, str(manifest.get("topic_title") or manifest.get("topic") or "the topic")))
    if read.skipped:
        print(f"\n{read.skipped} rows of {arguments.labels} are not labels and were skipped.")
    if arguments.csv:
        report_rows(report).to_csv(arguments.csv, index=False)
    return 0


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    generated = {
        "data-dictionary": (schema.data_dictionary_markdown, schema.readme_with_data_dictionary),
        "formats": (formats.formats_markdown, formats.readme_with_formats),
    }
    if arguments.command in generated:
        markdown, readme_with = generated[arguments.command]
        if arguments.update:
            arguments.update.write_text(readme_with(arguments.update.read_text(encoding="utf-8")), encoding="utf-8")
        else:
            sys.stdout.write(markdown())
        return 0
    if arguments.command == "validate":
        return run_validate(arguments)
    if arguments.command == "evaluate":
        return run_evaluate(arguments)
    return run_build(arguments)
