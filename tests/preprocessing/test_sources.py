import pytest

from dashboard.preprocessing.sources import (
    SourcesFileError,
    domain_of_url,
    outlet_key,
    source_registry_from_csv,
    source_registry_from_rows,
)


def _row(outlet, aliases="", domains="", country="Japan", kind="news"):
    return {"outlet": outlet, "aliases": aliases, "domains": domains, "country": country, "kind": kind}


@pytest.mark.parametrize(
    ("name", "other"),
    [("The Japan Times", "JapanTimes"), ("japan times", "Japan Times"), ("NK News", "nknews"), ("The Diplomat", "Diplomat")],
)
def test_outlet_key_agrees_on_spellings(name, other):
    assert outlet_key(name) == outlet_key(other)


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.koreapro.org/2024/07/x/", "koreapro.org"),
        ("http://EN.YNA.CO.KR/view", "en.yna.co.kr"),
        ("nknews.org/pro", "nknews.org"),
        ("not a url", ""),
        ("", ""),
        ("https://[broken", ""),
    ],
)
def test_domain_of_url(url, domain):
    assert domain_of_url(url) == domain


def test_registry_resolves_names_and_domains(registry):
    assert registry.outlet_named("JapanTimes").name == "The Japan Times"
    assert registry.outlet_named("the interpreter").name == "Lowy Institute"
    assert registry.outlet_for_url("https://en.yna.co.kr/view/AEN2024").name == "Yonhap News Agency"
    assert registry.outlet_for_url("https://koreapro.org/2024/07/x").kind == "news"
    assert registry.outlet_for_url("https://example.co.kr/x") is None
    assert registry.outlet_named("Daily Nowhere") is None


def test_outlets_spoken_to(registry):
    text = "She told NK News that the plan is new. He emphasized to NK News that it matters."
    assert [outlet.name for outlet in registry.outlets_spoken_to(text)] == ["NK News", "NK News"]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([_row("A"), _row("B", aliases="A")], "line 3: the name 'A' of 'B' is already used by 'A' on line 2"),
        ([_row("A", domains="a.com"), _row("B", domains="www.a.com")], "line 3: the domain 'a.com' of 'B' is already given to 'A'"),
        ([_row("A"), _row("A")], "line 3: 'A' is listed twice (also on line 2)"),
        ([_row("A", kind="tabloid")], "line 2: kind 'tabloid' for 'A' is not one of news, wire"),
        ([_row("")], "line 2: the outlet name is empty"),
    ],
)
def test_broken_registry_is_refused_with_line_and_fix(rows, message):
    with pytest.raises(SourcesFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        source_registry_from_rows(rows, origin="sources.csv")


def test_registry_file_without_header_columns(tmp_path):
    path = tmp_path / "sources.csv"
    path.write_text("name,country\nX,Y\n", encoding="utf-8")
    with pytest.raises(SourcesFileError, match="line 1: the header lacks outlet, aliases, domains, kind"):
        source_registry_from_csv(path)


def test_shipped_registry_is_valid(registry):
    assert len(registry.outlets) > 50
