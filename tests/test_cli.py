import json
import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from dashboard import cli, schema
from tests.conftest import ROOT, SEEDS, SOURCES, TEST_DATA


def test_build_prints_a_summary_and_writes_tables(tmp_path, capsys):
    out = tmp_path / "out"
    assert cli.main(["build", "--input", str(SEEDS), "--out", str(out), "--sources", str(SOURCES)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("Built 5 articles from 5 outlets, published 2024-07-29 to 2024-08-18;")
    assert len(pd.read_csv(out / "articles.csv")) == 5


def test_repeated_inputs_and_quiet(tmp_path, capsys):
    out = tmp_path / "out"
    code = cli.main(["build", "--input", str(SEEDS), "--input", str(TEST_DATA / "mixed"), "--out", str(out), "--sources", str(SOURCES), "--quiet"])
    captured = capsys.readouterr()
    assert code == 0
    assert captured.out == ""
    assert captured.err.count("warning: skipped") == 6
    assert len(pd.read_parquet(out / "articles.parquet")) == 15


def test_missing_input_is_a_usage_error(tmp_path, capsys):
    assert cli.main(["build", "--input", str(tmp_path / "nope"), "--out", str(tmp_path / "o"), "--sources", str(SOURCES)]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_broken_sources_file_is_a_usage_error_naming_the_line(tmp_path, capsys):
    sources = tmp_path / "sources.csv"
    sources.write_text("outlet,aliases,domains,country,kind\nA,,,X,news\nB,,,X,magazine\n", encoding="utf-8")
    assert cli.main(["build", "--input", str(SEEDS), "--out", str(tmp_path / "o"), "--sources", str(sources)]) == 2
    assert "line 3: kind 'magazine'" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_nothing_readable_exits_1_and_keeps_previous_tables(tmp_path, capsys):
    out = tmp_path / "out"
    cli.main(["build", "--input", str(SEEDS), "--out", str(out), "--sources", str(SOURCES), "--quiet"])
    before = (out / "articles.csv").read_bytes()
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    assert cli.main(["build", "--input", str(bad), "--out", str(out), "--sources", str(SOURCES)]) == 1
    assert "previous tables" in capsys.readouterr().err
    assert (out / "articles.csv").read_bytes() == before


def test_workers_must_be_positive(tmp_path, capsys):
    assert cli.main(["build", "--workers", "0", "--out", str(tmp_path / "o")]) == 2


def test_help_has_an_example():
    result = subprocess.run([sys.executable, "-m", "dashboard", "build", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0
    assert "python -m dashboard build --input seeds --input" in result.stdout


def test_default_inputs_run_from_the_project_folder(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "build", "--out", str(tmp_path / "o"), "--quiet"],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert len(pd.read_csv(tmp_path / "o" / "articles.csv")) >= 5


def test_console_script_is_installed():
    script = shutil.which("coverage-lens", path=os.path.dirname(sys.executable))
    assert script, "the coverage-lens console script is not installed next to the interpreter; run `make install`"
    assert subprocess.run([script, "--help"], capture_output=True).returncode == 0


def test_data_dictionary_command_prints_every_table(capsys):
    assert cli.main(["data-dictionary"]) == 0
    printed = capsys.readouterr().out
    for table in schema.TABLES.values():
        assert f"### `{table.name}`" in printed


def test_broken_actor_dictionary_is_refused_and_previous_tables_stay(tmp_path, capsys):
    out = tmp_path / "out"
    assert cli.main(["build", "--input", str(SEEDS), "--out", str(out), "--sources", str(SOURCES), "--quiet"]) == 0
    before = {path.name: path.read_bytes() for path in out.iterdir() if path.is_file()}
    actors = tmp_path / "actors.csv"
    actors.write_text(
        "actor_id,name,type,country,role,aliases\njapan,Japan,country,,,capital:Tokyo\nkorea,South Korea,country,,,Tokyo\n",
        encoding="utf-8",
    )
    code = cli.main(["build", "--input", str(SEEDS), "--out", str(out), "--sources", str(SOURCES), "--actors", str(actors)])
    assert code == 2
    assert "line 3: the alias 'Tokyo' of 'korea' is already a name of 'japan' (line 2)" in capsys.readouterr().err
    assert {path.name: path.read_bytes() for path in out.iterdir() if path.is_file()} == before


@pytest.mark.skipif(not (ROOT.parent / "shared" / "newsmtsc").is_dir(), reason="../shared/newsmtsc is not beside this clone")
def test_evaluate_prints_the_table_for_both_devtest_files(capsys):
    assert cli.main(["evaluate", "--newsmtsc", str(ROOT.parent / "shared" / "newsmtsc")]) == 0
    printed = capsys.readouterr().out
    for phrase in ("devtest_rw.jsonl", "devtest_mt.jsonl", "| negative |", "VADER compound", "TextBlob polarity", "targets/s"):
        assert phrase in printed


def test_evaluate_names_missing_files(tmp_path, capsys):
    assert cli.main(["evaluate", "--newsmtsc", str(tmp_path)]) == 2
    assert "lacks devtest_rw.jsonl, devtest_mt.jsonl" in capsys.readouterr().err


def test_evaluate_scores_every_topic_stance_variant_on_a_labelled_set(capsys):
    assert cli.main(["evaluate", "--stance-set", str(TEST_DATA / "stance" / "dev_set.csv")]) == 0
    printed = capsys.readouterr().out
    for phrase in ("| zero_shot |", "| supervised |", "| fine_tuned", "| combined", "| linear (--stance fast)", "| blended (default)", "Spearman", "labels otherwise"):
        assert phrase in printed


def test_evaluate_needs_something_to_evaluate(capsys):
    assert cli.main(["evaluate"]) == 2
    assert "give --newsmtsc DIR, --stance-set CSV, --frames-set CSV or several" in capsys.readouterr().err


def test_evaluate_scores_the_frames_in_both_modes_on_a_labelled_set(capsys):
    assert cli.main(["evaluate", "--frames-set", str(TEST_DATA / "frames" / "dev_set.csv")]) == 0
    printed = capsys.readouterr().out
    for phrase in ("| nk_threat_deterrence | 11 |", "precision (cue only)", "Macro-F1:", "(cue only, `--stance fast`)"):
        assert phrase in printed


def test_a_broken_frames_file_is_a_usage_error_naming_the_line(tmp_path, capsys):
    frames = tmp_path / "frames.csv"
    frames.write_text("frame,kind,text\npolitical,name,Political\npolitical,slogan,x\n", encoding="utf-8")
    assert cli.main(["build", "--input", str(SEEDS), "--out", str(tmp_path / "out"), "--frames", str(frames)]) == 2
    assert f"{frames}, line 3: unknown kind 'slogan'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
    assert cli.main(["evaluate", "--frames-set", str(TEST_DATA / "frames" / "dev_set.csv"), "--frames", str(frames)]) == 2


def test_an_unknown_topic_is_a_usage_error(tmp_path, capsys):
    assert cli.main(["build", "--input", str(SEEDS), "--out", str(tmp_path / "out"), "--topic", "atlantis"]) == 2
    assert "no topic 'atlantis'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_build_records_the_topic_and_the_stance_mode(tmp_path):
    out = tmp_path / "out"
    assert cli.main(["build", "--input", str(SEEDS), "--out", str(out), "--stance", "fast", "--quiet"]) == 0
    manifest = json.loads((out / "build.json").read_text(encoding="utf-8"))
    assert manifest["stance_mode"] == "fast" and manifest["topic"] == "tscf"
    assert manifest["topic_stance_variant"] == "linear"
    assert manifest["sentence_tone"] is False
    assert set(manifest["topic_weights"]) == {"quoted", "headline", "context", "band", "whole"}
    assert manifest["frames"] == {"file": "data/frames.csv", "mode": "cue"}
    methods = pd.read_parquet(out / "sentence_frames.parquet")["method"]
    assert len(methods) and set(methods) == {"cue"}  # a build without the accurate mode still gives cue frames


def test_validate_prints_the_agreement_report_on_the_seeds(tmp_path, capsys):
    out = tmp_path / "out"
    assert cli.main(["build", "--input", str(SEEDS), "--out", str(out), "--sources", str(SOURCES), "--quiet"]) == 0
    capsys.readouterr()
    labels = TEST_DATA / "labels" / "seed_labels.csv"
    assert cli.main(["validate", "--labels", str(labels), "--tables", str(out), "--csv", str(tmp_path / "report.csv")]) == 0
    printed = capsys.readouterr().out
    assert "the tool against people's reading" in printed and "1 actively chosen labels are left out" in printed
    assert "Krippendorff's alpha (ordinal)" in printed
    assert (tmp_path / "report.csv").read_text().startswith("comparison,scope,figure")


def test_validate_without_labels_or_tables_says_what_to_do(tmp_path, capsys):
    assert cli.main(["validate", "--labels", str(tmp_path / "none.csv"), "--tables", str(tmp_path / "nothing")]) == 2
    assert "run `python -m dashboard build` first" in capsys.readouterr().err
