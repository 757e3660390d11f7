from pathlib import Path

import pytest

from dashboard import paths, schema
from dashboard.app import corpus
from dashboard.preprocessing.store import read_manifest, read_table
from tests.conftest import ROOT, SEEDS, TEST_DATA

MIXED = TEST_DATA / "mixed"


@pytest.mark.parametrize(
    ("name", "size", "problem"),
    [
        ("article.txt", 10, None),
        ("EXPORT.CSV", 10, None),
        ("page.htm", 10, None),
        ("feed.jsonl", corpus.MAX_UPLOAD_BYTES, None),
        ("report.doc", 10, "not a supported file type"),
        ("nexis.docx", 10, None),
        ("Nexis.PDF", 10, None),
        ("factiva.rtf", 10, None),
        ("script.txt.exe", 10, "not a supported file type"),
        ("noextension", 10, "not a supported file type"),
        ("article.txt", 0, "empty file"),
        ("article.txt", corpus.MAX_UPLOAD_BYTES + 1, "too large: 20.0 MiB, the limit is 20 MiB"),
    ],
)
def test_upload_problem(name, size, problem):
    found = corpus.upload_problem(name, size)
    assert found == problem if problem is None else problem in found


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("article.txt", "article.txt"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\windows\\evil.JSON", "evil.json"),
        ("my article (final).txt", "my-article-final.txt"),
        ("한국 기사.txt", "upload.txt"),
        (".hidden.csv", "hidden.csv"),
        ("<script>.html", "script.html"),
        ("a" * 300 + ".txt", "a" * 100 + ".txt"),
        ("x." + "y" * 40, "x." + "y" * 10),
    ],
)
def test_safe_file_name(name, safe):
    assert corpus.safe_file_name(name) == safe


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A working folder laid out like the project, with the seeds and reference data."""
    for path in (paths.SOURCES, paths.ACTORS, paths.NOT_ACTORS, paths.STANCE_CUES, paths.FRAMES, paths.TOPICS / "tscf.csv"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes((ROOT / path).read_bytes())
    (tmp_path / "seeds").mkdir()
    for seed in SEEDS.glob("0*.txt"):
        (tmp_path / "seeds" / seed.name).write_bytes(seed.read_bytes())
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def fallback(tmp_path, monkeypatch):
    folder = tmp_path / "fallback_tables"
    monkeypatch.setattr(corpus, "FALLBACK_TABLES", folder)
    return folder


def test_first_start_builds_the_seeds(project, fallback):
    assert corpus.tables_for_first_start(paths.PROCESSED) == (paths.PROCESSED, None)
    stamp = corpus.built_at(paths.PROCESSED)
    assert read_manifest(paths.PROCESSED)["articles"] == 5
    assert corpus.tables_for_first_start(paths.PROCESSED) == (paths.PROCESSED, None)
    assert corpus.built_at(paths.PROCESSED) == stamp  # already built: not built again


def test_first_start_in_a_read_only_folder_builds_elsewhere(project, fallback, monkeypatch):
    real_build = corpus.build

    def build_refusing_the_repository(inputs, out, *args, **kwargs):
        if out == paths.PROCESSED:
            raise PermissionError(13, "Permission denied", str(out))
        return real_build(inputs, out, *args, **kwargs)

    monkeypatch.setattr(corpus, "build", build_refusing_the_repository)
    assert corpus.tables_for_first_start(paths.PROCESSED) == (fallback, None)
    assert read_manifest(fallback)["articles"] == 5


def test_first_start_without_articles_says_why(project, fallback):
    for seed in (project / "seeds").iterdir():
        seed.unlink()
    folder, problem = corpus.tables_for_first_start(paths.PROCESSED)
    assert folder == paths.PROCESSED and problem.startswith("No tables yet")
    assert corpus.built_at(paths.PROCESSED) is None


def test_nexis_exports_uploaded_as_docx_rtf_and_pdf_join_the_corpus(project, fallback):
    corpus.tables_for_first_start(paths.PROCESSED)
    plan = corpus.upload_plan(read_manifest(paths.PROCESSED), paths.PROCESSED, None)
    uploads = [(name, (TEST_DATA / "exports" / name).read_bytes()) for name in ("nexis.docx", "nexis.rtf", "nexis.pdf")]
    result = corpus.corpus_with_uploads(uploads, plan.raw_folder, plan.tables_folder, plan.inputs, "tscf")
    # The three files hold the same three articles: the DOCX's join, the RTF's and the PDF's
    # are read as those same articles, so they are duplicates. Each file's fourth document
    # is cut off.
    assert result.added == ["nexis.docx"]
    reasons = dict(result.rejected)
    assert set(reasons) == {"nexis.docx", "nexis.rtf", "nexis.pdf"}
    assert reasons["nexis.docx"].endswith("nexis.docx#4: export cut off: document 4 has no End of Document")
    assert all(reasons[name].count("duplicate: the same text as") == 3 for name in ("nexis.rtf", "nexis.pdf"))
    manifest = read_manifest(paths.PROCESSED)
    assert manifest["articles"] == 8
    [counted] = [count for path, count in manifest["export_documents"].items() if path.endswith("/nexis.docx")]
    assert counted == {"layout": "nexis", "documents": 4, "read": 3, "rejected": 1}


def test_uploads_are_saved_and_join_the_tables(project, fallback):
    corpus.tables_for_first_start(paths.PROCESSED)
    plan = corpus.upload_plan(read_manifest(paths.PROCESSED), paths.PROCESSED, None)
    assert plan.inputs == [Path("seeds"), paths.RAW]
    uploads = [
        ("../yonhap.txt", (MIXED / "yonhap_cp1252.txt").read_bytes()),
        ("photo.txt", (MIXED / "photo.dat").read_bytes()),
        ("notes.doc", b"%PDF-1.4"),
    ]
    result = corpus.corpus_with_uploads(uploads, plan.raw_folder, plan.tables_folder, plan.inputs, "tscf")
    assert result.added == ["../yonhap.txt"]
    reasons = dict(result.rejected)
    assert set(reasons) == {"photo.txt", "notes.doc"}
    assert "not a supported file type" in reasons["notes.doc"]
    assert reasons["photo.txt"].startswith("not an article")
    assert [p.name for p in (paths.RAW / "uploads").glob("*/*")] == ["yonhap.txt"]
    manifest = read_manifest(paths.PROCESSED)
    assert manifest["articles"] == 6
    assert manifest["inputs"] == ["seeds", "data/raw"]
    # Only the upload went through the stages; the seeds came from the map cache.
    assert manifest["map_cache"]["computed"] == dict.fromkeys(("cleaned", "actors", "sentiment", "topic_stance", "frames"), 1)
    assert manifest["map_cache"]["reused"]["topic_stance"] == 5
    # The same file again is a duplicate: rejected, its copy removed, the corpus unchanged.
    again = corpus.corpus_with_uploads(uploads[:1], plan.raw_folder, plan.tables_folder, plan.inputs, "tscf")
    assert again.added == [] and "duplicate" in again.rejected[0][1]
    assert read_manifest(paths.PROCESSED)["articles"] == 6
    assert [p.name for p in (paths.RAW / "uploads").glob("*/*")] == ["yonhap.txt"]


def test_hosted_uploads_stay_in_the_session(project, fallback):
    corpus.tables_for_first_start(paths.PROCESSED)
    session = corpus.session_folder()
    plan = corpus.upload_plan(read_manifest(paths.PROCESSED), paths.PROCESSED, session)
    assert plan.tables_folder == session / "processed"
    result = corpus.corpus_with_uploads(
        [("page.html", (MIXED / "page.html").read_bytes())], plan.raw_folder, plan.tables_folder, plan.inputs, "tscf"
    )
    assert result.added == ["page.html"]
    session_manifest = read_manifest(session / "processed")
    assert session_manifest["articles"] == 6
    # The session's first build starts from a copy of the shared tables' map cache.
    assert session_manifest["map_cache"]["computed"]["topic_stance"] == 1
    assert session_manifest["map_cache"]["reused"]["topic_stance"] == 5
    assert read_manifest(paths.PROCESSED)["articles"] == 5
    assert not paths.RAW.exists()


def test_a_hosted_session_folder_is_private_and_made_only_when_written():
    first, second = corpus.session_folder(), corpus.session_folder()
    assert first != second and first.parent == second.parent
    # Only named: a session that reads (every page asks for its labels file) leaves nothing.
    assert not first.exists()
    assert first.parent.is_dir() and (first.parent.stat().st_mode & 0o777) == 0o700


def test_uploads_mode(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(corpus.UPLOADS_ENV, "session")
    assert corpus.uploads_are_session_only()
    monkeypatch.setenv(corpus.UPLOADS_ENV, "save")
    assert not corpus.uploads_are_session_only()
    monkeypatch.delenv(corpus.UPLOADS_ENV)
    assert not corpus.uploads_are_session_only()


def test_original_article_is_the_text_before_cleaning():
    original = corpus.original_article([SEEDS], "001_3224b41bd1d5d78c.txt")
    assert original is not None
    assert original.body == (SEEDS / "001_3224b41bd1d5d78c.txt").read_text(encoding="utf-8")


def test_original_of_a_json_article_is_its_body():
    original = corpus.original_article([SEEDS], "000_9c964cbc52a203d7.txt")
    assert original is not None
    assert original.body.startswith("Defense ministers from the U.S.") and '"guid"' not in original.body


def test_original_record_of_a_multi_record_file():
    original = corpus.original_article([MIXED], "wordpress_list.json#2")
    assert original is not None and original.source_path == "wordpress_list.json#2"


@pytest.mark.parametrize("source_path", ["../conftest.py", "missing.txt", "wordpress_list.json#99"])
def test_original_article_outside_or_missing_is_none(source_path):
    assert corpus.original_article([MIXED], source_path) is None


def test_a_build_from_before_a_table_existed_is_rebuilt(project, fallback):
    assert corpus.tables_for_first_start(paths.PROCESSED) == (paths.PROCESSED, None)
    (paths.PROCESSED / "topic_stance.parquet").unlink()
    assert corpus.built_at(paths.PROCESSED) is None
    assert corpus.tables_for_first_start(paths.PROCESSED) == (paths.PROCESSED, None)
    assert corpus.built_at(paths.PROCESSED) and len(read_table(paths.PROCESSED, schema.TOPIC_STANCE)) > 0


def test_a_hostile_upload_is_refused_not_kept_and_the_app_still_starts(project, fallback):
    corpus.tables_for_first_start(paths.PROCESSED)
    plan = corpus.upload_plan(read_manifest(paths.PROCESSED), paths.PROCESSED, None)
    uploads = [
        ("deep.json", b"[" * 100_000 + b"]" * 100_000),
        ("x" * 300 + ".txt", (MIXED / "yonhap_cp1252.txt").read_bytes()),
        ("notes.docx", b"PK\x03\x04 anything"),
    ]
    result = corpus.corpus_with_uploads(uploads, plan.raw_folder, plan.tables_folder, plan.inputs, "tscf")
    reasons = dict(result.rejected)
    assert result.added == ["x" * 300 + ".txt"]
    assert set(reasons) == {"deep.json", "notes.docx"}
    assert "nested deeper than 100 levels" in reasons["deep.json"]
    kept = [p.name for p in (paths.RAW / "uploads").glob("*/*")]
    assert kept == ["x" * corpus.MAX_UPLOAD_NAME_CHARACTERS + ".txt"]
    # What `make run` does on the next start: the tables are there and a rebuild works.
    (paths.PROCESSED / "build.json").unlink()
    folder, problem = corpus.tables_for_first_start(paths.PROCESSED)
    assert problem is None and read_manifest(folder)["articles"] == 6


def test_a_failed_rebuild_keeps_no_upload_and_says_why(project, fallback, monkeypatch):
    corpus.tables_for_first_start(paths.PROCESSED)
    plan = corpus.upload_plan(read_manifest(paths.PROCESSED), paths.PROCESSED, None)

    def failing_build(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(corpus, "build", failing_build)
    result = corpus.corpus_with_uploads(
        [("yonhap.txt", (MIXED / "yonhap_cp1252.txt").read_bytes())], plan.raw_folder, plan.tables_folder, plan.inputs, "tscf"
    )
    assert result.added == [] and "rebuilding the tables failed" in result.rejected[0][1]
    assert not list((paths.RAW / "uploads").glob("*/*"))
    assert read_manifest(paths.PROCESSED)["articles"] == 5
