"""What a hosted deploy (Streamlit Community Cloud) reads from the repository as it is."""

import tomllib

from tests.conftest import ROOT

APP = ROOT / "dashboard" / "app"


def requirement_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def test_requirements_beside_the_entry_point_match_pyproject():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert requirement_lines((APP / "requirements.txt").read_text(encoding="utf-8")) == declared


def test_config_sets_a_theme_the_upload_limit_and_no_outside_calls():
    from dashboard.app.corpus import UPLOADER_MEBIBYTES

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["theme"]["base"] == "light"
    assert config["server"]["maxUploadSize"] == UPLOADER_MEBIBYTES
    assert config["browser"]["gatherUsageStats"] is False
    assert "address" not in config["server"], "the hosted deploy reads this file: bind to 127.0.0.1 in `make run` instead"
    assert config["server"]["showEmailPrompt"] is False


def test_readme_names_the_entry_point_and_the_deploy_steps():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "dashboard/app/main.py" in readme
    assert "Community Cloud" in readme
    assert (APP / "main.py").is_file()


def test_make_run_serves_only_this_machine_unless_told_otherwise():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "HOST ?= 127.0.0.1" in makefile
    assert "--server.address $(HOST)" in makefile


def test_navigation_icons_need_no_font_from_outside():
    main = (ROOT / "dashboard" / "app" / "main.py").read_text(encoding="utf-8")
    assert ":material/" not in main
