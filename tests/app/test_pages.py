"""Every page through Streamlit's AppTest: on the seeds, on an empty corpus, under filters
given in the URL, and on an article full of markup."""

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import schema
from dashboard.app import corpus, views
from dashboard.app.reader import markdown_text
from dashboard.preprocessing.build import BuildOptions, build
from dashboard.preprocessing.store import read_manifest, read_table, write_tables_atomically
from tests.conftest import ROOT, SEEDS, TEST_DATA

MAIN = ROOT / "dashboard" / "app" / "main.py"
PAGES = ["overview", "actors", "sources_and_stance", "frames", "digest", "articles", "data", "check_numbers", "add_articles"]
# Pages that draw at least one chart on the seeds.
CHART_PAGES = {"overview": 3, "actors": 4, "sources_and_stance": 3, "frames": 3}


@pytest.fixture(scope="session")
def seed_folder(tmp_path_factory, reference) -> Path:
    folder = tmp_path_factory.mktemp("seed_tables") / "processed"
    build([SEEDS], folder, reference, BuildOptions(workers=1))
    return folder


@pytest.fixture(scope="session")
def empty_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("empty_tables") / "processed"
    write_tables_atomically(folder, corpus.empty_tables(), {"built_at": "empty", "inputs": []})
    return folder


@pytest.fixture(scope="session")
def hostile_folder(tmp_path_factory, reference) -> Path:
    folder = tmp_path_factory.mktemp("hostile_tables") / "processed"
    build([TEST_DATA / "hostile"], folder, reference, BuildOptions(workers=1))
    return folder


@pytest.fixture(scope="session")
def pages_folder(tmp_path_factory, reference) -> Path:
    """The page-shaped fixtures: a news dump, an opinion dump and a think-tank commentary."""
    folder = tmp_path_factory.mktemp("page_tables") / "processed"
    build([TEST_DATA / "pages"], folder, reference, BuildOptions(workers=1))
    return folder


def app_on(folder: Path, monkeypatch, page: str, query: dict | None = None) -> AppTest:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv(corpus.TABLES_ENV, str(folder))
    monkeypatch.setenv(corpus.UPLOADS_ENV, "session")
    app = AppTest.from_file(str(MAIN), default_timeout=60)
    app.query_params.update(query or {})
    app.switch_page(f"page_layouts/{page}.py").run()
    assert not app.exception, [exception.value for exception in app.exception]
    return app


def elements(app: AppTest) -> list:
    found = []

    def walk(node):
        for child in getattr(node, "children", {}).values():
            found.append(child)
            walk(child)

    walk(app.main)
    return found


def charts(app: AppTest) -> list:
    return [element for element in elements(app) if getattr(element, "type", "") in ("vega_lite_chart", "arrow_vega_lite_chart")]


def fingerprint(app: AppTest) -> list[bytes]:
    return [element.proto.SerializeToString() for element in elements(app) if hasattr(element, "proto")]


@pytest.mark.parametrize("page", PAGES)
def test_page_on_the_seeds(seed_folder, monkeypatch, page):
    app = app_on(seed_folder, monkeypatch, page)
    assert app.title[0].value
    assert len(charts(app)) >= CHART_PAGES.get(page, 0)
    assert not app.warning or page == "add_articles"


@pytest.mark.parametrize("page", PAGES)
def test_page_on_an_empty_corpus(empty_folder, monkeypatch, page):
    app = app_on(empty_folder, monkeypatch, page)
    assert not charts(app)
    if page not in ("data", "add_articles"):
        assert "corpus is empty" in app.warning[0].value


@pytest.mark.parametrize("page", PAGES)
def test_a_filter_changes_what_the_page_shows(seed_folder, monkeypatch, page):
    app = app_on(seed_folder, monkeypatch, page)
    before = fingerprint(app)
    app.multiselect(key="outlet").set_value(["NK News"]).run()
    assert not app.exception
    assert fingerprint(app) != before


def test_filters_that_match_nothing_say_so(seed_folder, monkeypatch):
    app = app_on(seed_folder, monkeypatch, "overview")
    app.text_input(key="q").set_value("no article says xyzzy").run()
    assert "Nothing matches the filters" in app.warning[0].value
    assert not charts(app)


@pytest.mark.parametrize("page", PAGES)
def test_query_parameters_restore_the_filters(seed_folder, monkeypatch, page):
    query = {"outlet": ["NK News", "Korea Pro"], "copies": "false", "from": "2024-07-29", "q": "trilateral"}
    app = app_on(seed_folder, monkeypatch, page, query)
    assert app.multiselect(key="outlet").value == ["NK News", "Korea Pro"]
    assert app.checkbox(key="copies").value is False
    assert str(app.date_input(key="from").value) == "2024-07-29"
    assert app.text_input(key="q").value == "trilateral"


def test_overview_counts_follow_the_url(seed_folder, monkeypatch):
    app = app_on(seed_folder, monkeypatch, "overview", {"outlet": ["NK News"]})
    assert [metric.value for metric in app.metric][:2] == ["1", "1"]


def chart_specs(app: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in charts(app)]


def drawn_fields(app: AppTest) -> set[str]:
    """The fields the page's charts put on their axes and colours."""
    fields = set()
    for spec in chart_specs(app):
        for layer in spec.get("layer", [spec]):
            fields |= {channel.get("field") for channel in layer.get("encoding", {}).values() if isinstance(channel, dict)}
    return fields


@pytest.mark.parametrize("page", ["overview", "actors"])
def test_the_count_share_switch_defaults_to_shares_and_follows_the_url(seed_folder, monkeypatch, page):
    app = app_on(seed_folder, monkeypatch, page)
    assert app.radio(key="measure").value == "Share"
    assert "share" in drawn_fields(app)
    counted = app_on(seed_folder, monkeypatch, page, {"measure": "Count"})
    assert counted.radio(key="measure").value == "Count"
    assert "share" not in drawn_fields(counted) and "mentions" in drawn_fields(counted)
    app.radio(key="measure").set_value("Count").run()
    assert not app.exception and "share" not in drawn_fields(app)


def test_actor_page_shows_one_actor(seed_folder, monkeypatch):
    app = app_on(seed_folder, monkeypatch, "actors", {"focus": "Minoru Kihara"})
    assert app.selectbox(key="focus").value == "minoru_kihara"
    sentences = [markdown.value for markdown in app.markdown if "**:violet[" in markdown.value]
    assert sentences and all("Kihara" in sentence for sentence in sentences)


def test_article_text_is_shown_escaped(hostile_folder, monkeypatch):
    app = app_on(hostile_folder, monkeypatch, "articles")
    # The script element goes with its content; the formula stays, shown as plain characters.
    title = "=HYPERLINK(\"http://evil.example\")"
    assert app.subheader[0].value == markdown_text(title)
    reader = next(markdown.value for markdown in app.markdown if "Sunday" in markdown.value)
    assert "\\:red\\[coloured\\]" in reader
    assert "\\[a link\\]\\(javascript\\:alert\\(1\\)\\)" in reader
    assert app.code[0].value.startswith("Japan and South Korea")


@pytest.mark.parametrize("page", PAGES)
def test_no_page_lets_html_through(hostile_folder, monkeypatch, page):
    app = app_on(hostile_folder, monkeypatch, page)
    assert not [element for element in elements(app) if getattr(getattr(element, "proto", None), "allow_html", False)]


def test_no_page_asks_for_raw_html():
    sources = [path.read_text(encoding="utf-8") for path in (ROOT / "dashboard" / "app").rglob("*.py")]
    assert not [source for source in sources if "unsafe_allow_html" in source or "st.html(" in source]


def test_first_start_builds_the_tables(tmp_path, monkeypatch):
    folder = tmp_path / "processed"
    app = app_on(folder, monkeypatch, "overview")
    assert corpus.built_at(folder)
    assert next(metric.value for metric in app.metric) == "5"


def test_outlet_names_are_shown_escaped(hostile_folder, monkeypatch):
    app = app_on(hostile_folder, monkeypatch, "sources_and_stance")
    evidence = next(caption.value for caption in app.caption if "sentences of" in caption.value)
    assert markdown_text("Evil **Outlet** :red[press]") in evidence
    articles = app_on(hostile_folder, monkeypatch, "articles")
    assert markdown_text("Evil **Outlet** :red[press]") in articles.caption[0].value


def test_overview_leads_with_the_stance_on_the_topic(seed_folder, monkeypatch):
    app = app_on(seed_folder, monkeypatch, "overview")
    assert app.subheader[0].value.startswith("Stance on ")
    assert "Trilateral Security Cooperation Framework" in app.subheader[0].value
    assert "of 5 articles take a stance on it" in app.caption[0].value
    assert any(markdown_text("Topic stance:") in caption.value and "model" in caption.value for caption in app.caption)


def test_sources_and_stance_shows_the_evidence_behind_an_outlet(seed_folder, monkeypatch):
    app = app_on(seed_folder, monkeypatch, "sources_and_stance")
    assert app.subheader[0].value.startswith("Stance on ")
    app.selectbox(key="evidence_outlet").set_value("The Japan Times").run()
    evidence = app.dataframe[0].value
    assert list(evidence.columns) == views.TOPIC_EVIDENCE_COLUMNS
    assert len(evidence) > 0 and set(evidence["voice"]) <= {"own", "quoted"}
    # The seeds' Japan Times article carries no date: blank, never "None" or "NaT".
    assert not evidence["published"].isin(["None", "NaT", "nan"]).any()


def test_the_topic_filter_follows_the_url(seed_folder, monkeypatch):
    labels = read_table(seed_folder, schema.ARTICLES)["topic_label"]
    label = labels.mode()[0]
    app = app_on(seed_folder, monkeypatch, "articles", {"topic": [label]})
    assert app.multiselect(key="topic").value == [label]
    listed = app.dataframe[0].value
    assert len(listed) == (labels == label).sum() and set(listed["topic_label"]) == {label}


@pytest.mark.parametrize(("genres", "expected"), [(["opinion/column"], 2), (["news"], 1), (["news", "opinion/column"], 3)])
def test_the_genre_filter_follows_the_url(pages_folder, monkeypatch, genres, expected):
    app = app_on(pages_folder, monkeypatch, "articles", {"genre": genres})
    assert app.multiselect(key="genre").value == genres
    assert app.multiselect(key="genre").options == ["news", "opinion/column"]
    [listed] = [frame.value for frame in app.dataframe if "genre" in frame.value.columns]
    assert len(listed) == expected and set(listed["genre"]) <= set(genres)


@pytest.mark.parametrize("focus", ["minoru_kihara", "Minoru Kihara"])
def test_the_actor_link_takes_the_id_and_still_the_old_name(seed_folder, monkeypatch, focus):
    app = app_on(seed_folder, monkeypatch, "actors", {"focus": focus})
    assert app.selectbox(key="focus").value == "minoru_kihara"
    assert app.query_params["focus"] == "minoru_kihara"
    assert not app.warning


def test_an_unknown_link_value_says_so(seed_folder, monkeypatch):
    app = app_on(seed_folder, monkeypatch, "actors", {"focus": "xyz"})
    assert any("No actor" in warning.value and "xyz" in warning.value for warning in app.warning)
    app = app_on(seed_folder, monkeypatch, "articles", {"article": "no-such-article"})
    assert any("No article" in warning.value and "such" in warning.value for warning in app.warning)


def test_the_article_link_takes_the_article_id(seed_folder, monkeypatch):
    from dashboard import schema
    from dashboard.preprocessing.store import read_table

    listed = views.article_list(read_table(seed_folder, schema.ARTICLES))
    second = listed["article_id"].iloc[1]
    app = app_on(seed_folder, monkeypatch, "articles", {"article": second})
    assert app.query_params["article"] == second
    assert app.selectbox(key="article").index == 1
    assert not app.warning


def test_the_uploader_lets_every_file_through_so_that_refusals_are_reported(seed_folder, monkeypatch):
    app = app_on(seed_folder, monkeypatch, "add_articles")
    [uploader] = app.get("file_uploader")
    # No type filter and a ceiling above the page's own limit: the uploader refusing a file
    # itself would drop it without a word once the form is sent.
    assert not list(uploader.proto.type)
    assert uploader.proto.max_upload_size_mb == corpus.UPLOADER_MEBIBYTES > corpus.MAX_UPLOAD_MEBIBYTES


def labelled_once(folder: Path, monkeypatch, labels: Path, coder: str, stance: int) -> AppTest:
    monkeypatch.setenv(corpus.LABELS_ENV, str(labels))
    app = app_on(folder, monkeypatch, "check_numbers")
    app.text_input(key="coder").set_value(coder).run()
    app.radio[0].set_value(stance)
    app.button[0].click().run()
    assert not app.exception, [exception.value for exception in app.exception]
    return app


def progress_text(app: AppTest) -> str:
    return app.get("progress")[0].proto.text


def test_labels_survive_a_reload_a_rebuild_and_renamed_files(seed_folder, monkeypatch, tmp_path, reference):
    labels = tmp_path / "labels.csv"
    app = labelled_once(seed_folder, monkeypatch, labels, "Mina", -1)
    assert progress_text(app) == "1 of 5 labelled"
    assert any("The tool read it as" in success.value for success in app.success)
    first = labels.read_text(encoding="utf-8").splitlines()[1].split(",")[0]
    # A reload: a new session under the same name continues with the next article.
    again = app_on(seed_folder, monkeypatch, "check_numbers")
    again.text_input(key="coder").set_value("Mina").run()
    assert progress_text(again) == "1 of 5 labelled"
    assert again.radio[0].value is None
    # The same files under new names, rebuilt elsewhere: the label still belongs to its article.
    renamed = tmp_path / "renamed"
    renamed.mkdir()
    for number, seed in enumerate(sorted(SEEDS.glob("0*.txt"))):
        (renamed / f"article_{number}.txt").write_bytes(seed.read_bytes())
    rebuilt = tmp_path / "rebuilt" / "processed"
    build([renamed], rebuilt, reference, BuildOptions(workers=1))
    after = app_on(rebuilt, monkeypatch, "check_numbers")
    after.text_input(key="coder").set_value("Mina").run()
    assert progress_text(after) == "1 of 5 labelled"
    assert first in set(read_table(rebuilt, schema.ARTICLES)["article_id"])


def test_the_tool_stance_is_hidden_until_the_label_is_saved(seed_folder, monkeypatch, tmp_path):
    monkeypatch.setenv(corpus.LABELS_ENV, str(tmp_path / "labels.csv"))
    app = app_on(seed_folder, monkeypatch, "check_numbers")
    app.text_input(key="coder").set_value("Jon").run()
    shown = " ".join(element.value for element in [*app.markdown, *app.caption, *app.success])
    assert app.subheader and "read it as" not in shown and "topic score" not in shown
    # No stance tints in the reader, and no table of the sentences weighed for the stance.
    assert ":orange-background[" not in shown and ":blue-background[" not in shown
    assert not app.dataframe


def test_the_agreement_line_under_the_stance_charts_follows_the_labels(seed_folder, monkeypatch, tmp_path):
    labels = tmp_path / "labels.csv"
    monkeypatch.setenv(corpus.LABELS_ENV, str(labels))
    before = app_on(seed_folder, monkeypatch, "overview")
    assert any("Not checked yet: 0 of the articles" in caption.value for caption in before.caption)
    labels.write_bytes((TEST_DATA / "labels" / "seed_labels.csv").read_bytes())
    after = app_on(seed_folder, monkeypatch, "sources_and_stance")
    assert any("Not checked yet: 5 of the articles" in caption.value for caption in after.caption)


def test_after_the_sample_label_more_proposes_active_articles(seed_folder, monkeypatch, tmp_path):
    labels = tmp_path / "labels.csv"
    monkeypatch.setenv(corpus.LABELS_ENV, str(labels))
    app = app_on(seed_folder, monkeypatch, "check_numbers")
    app.number_input(key="sample_size").set_value(5).run()
    app.text_input(key="coder").set_value("Mina").run()
    for _ in range(5):
        app.radio[0].set_value(0)
        app.button[0].click().run()
    assert progress_text(app) == "5 of 5 labelled"
    app.toggle(key="label_more").set_value(True).run()
    assert any("every article shown" in info.value for info in app.info)
    rows = labels.read_text(encoding="utf-8").splitlines()[1:]
    assert len(rows) == 5 and all(row.endswith(",random") for row in rows)


def calibrate_clicked(tmp_path: Path, monkeypatch, reference) -> tuple[AppTest, Path]:
    """Check the numbers on a fresh build of the seeds with the labels fixture, Calibrate clicked."""
    folder = tmp_path / "processed"
    build([SEEDS], folder, reference, BuildOptions(workers=1))
    labels = tmp_path / "labels.csv"
    labels.write_bytes((TEST_DATA / "labels" / "seed_labels.csv").read_bytes())
    monkeypatch.setenv(corpus.LABELS_ENV, str(labels))
    app = app_on(folder, monkeypatch, "check_numbers")
    app.button(key="calibrate").click().run()
    return app, folder


def test_the_calibrate_button_says_why_it_changed_nothing_with_few_labels(tmp_path, monkeypatch, reference):
    app, _ = calibrate_clicked(tmp_path, monkeypatch, reference)
    assert any("Not calibrated" in info.value and "fewer than 10 labels" in info.value for info in app.info)


def test_the_calibrate_button_rebuilds_and_shows_out_of_fold_figures(tmp_path, monkeypatch, reference):
    from dashboard.validation import calibration

    monkeypatch.setattr(calibration, "MIN_CALIBRATION_LABELS", 3)
    app, folder = calibrate_clicked(tmp_path, monkeypatch, reference)
    assert any("Labels calibrated on 5 labelled articles" in success.value for success in app.success)
    # Hosted mode (as app_on sets it): the calibrated tables are this session's own.
    calibrated = Path(app.session_state["session_tables"])
    assert read_manifest(calibrated)["calibration"]["used"] is True and "calibration" not in read_manifest(folder)


def test_pages_share_the_loaded_tables_and_leave_them_as_they_were(seed_folder, monkeypatch):
    from dashboard.app import data
    from dashboard.app.tables import corpus_from_folder

    stamp = corpus.built_at(seed_folder)
    for page in PAGES:
        app = app_on(seed_folder, monkeypatch, page)
        app.multiselect(key="outlet").set_value(["NK News"]).run()
        assert not app.exception
    shared = data.loaded_corpus(str(seed_folder), stamp)
    fresh = corpus_from_folder(seed_folder, shared.topic_id, shared.topic_band, stamp)
    for name in schema.TABLES:
        pd.testing.assert_frame_equal(shared.tables[name], fresh.tables[name])
    pd.testing.assert_series_equal(shared.texts, fresh.texts)
    # One copy for every session and rerun: a new session is handed the same tables.
    app_on(seed_folder, monkeypatch, "overview")
    assert data.loaded_corpus(str(seed_folder), stamp) is shared


def digest_lines(app: AppTest) -> list[str]:
    return [markdown.value for markdown in app.markdown if markdown.value.startswith("> ")]


def test_digest_shows_cited_lines_and_its_download(seed_folder, monkeypatch):
    app = app_on(seed_folder, monkeypatch, "digest")
    lines = digest_lines(app)
    assert any("Freedom Edge" in line for line in lines)
    assert [subheader.value for subheader in app.subheader] == ["What happened", "What each side says", "What is disputed"]
    assert any(caption.value.startswith("5 outlets: ") for caption in app.caption)
    links = [element for element in elements(app) if getattr(element, "type", "") == "page_link"]
    assert links and all(link.proto.page.endswith("articles.py") or "articles" in link.proto.page for link in links)
    assert [element for element in elements(app) if getattr(element, "type", "") == "download_button"]


def test_digest_options_follow_the_url(seed_folder, monkeypatch):
    app = app_on(seed_folder, monkeypatch, "digest", {"lines": "1", "outlet": ["NK News", "Korea Pro"]})
    assert app.number_input(key="lines").value == 1
    assert app.multiselect(key="outlet").value == ["NK News", "Korea Pro"]
    # One line per section at most, cited to the two outlets kept only; a claim both carry leads.
    assert 1 <= len(digest_lines(app)) <= 3
    outlets = [caption.value for caption in app.caption if re.match(r"\d+ outlets?: ", caption.value)]
    assert outlets[0] == f"2 outlets: {markdown_text('Korea Pro, NK News')}"
    assert all("Korea Pro" in line or "NK News" in line for line in outlets)


def test_the_frames_page_shows_the_evidence_of_the_cell_the_url_names(seed_folder, monkeypatch):
    shares = read_table(seed_folder, schema.ARTICLE_FRAMES).merge(read_table(seed_folder, schema.ARTICLES)[["article_id", "outlet"]], on="article_id")
    outlet, frame = shares.sort_values(["outlet", "frame"]).iloc[-1][["outlet", "frame"]]
    app = app_on(seed_folder, monkeypatch, "frames", {"frame_outlet": outlet, "frame": frame})
    assert app.selectbox(key="frame_outlet").value == outlet and app.selectbox(key="frame").value == frame
    evidence = app.dataframe[0].value
    sentence_frames = read_table(seed_folder, schema.SENTENCE_FRAMES)
    ids = set(shares[(shares["outlet"] == outlet)]["article_id"])
    expected = sentence_frames[(sentence_frames["frame"] == frame) & sentence_frames["article_id"].isin(ids)]
    assert len(evidence) == len(expected) > 0
    assert set(evidence["sentence_id"]) == set(expected["sentence_id"])
    assert (evidence["text"].str.len() > 0).all()
    # An outlet the articles shown do not hold is named, not dropped in silence.
    other = app_on(seed_folder, monkeypatch, "frames", {"frame_outlet": "no such outlet"})
    assert "no such outlet" in other.warning[0].value and "showing the first" in other.warning[0].value
