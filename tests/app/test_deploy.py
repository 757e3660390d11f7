"""What a hosted deploy (Streamlit Community Cloud) reads from the repository as it is."""

import tomllib

from tests.conftest import ROOT

APP = ROOT / "dashboard" / "app"


def requirement_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def test_requirements_beside_the_entry_point_match_pyproject():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert requirement_lines((APP / "requirements.txt").read_text(encoding="utf-8")) == declared


def test_config_sets_a_theme_and_the_upload_limit_the_app_states():
    from dashboard.app.corpus import MAX_UPLOAD_MEBIBYTES

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["theme"]["base"] == "light"
    assert config["server"]["maxUploadSize"] == MAX_UPLOAD_MEBIBYTES
    assert config["server"]["showEmailPrompt"] is False


def test_readme_names_the_entry_point_and_the_deploy_steps():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "dashboard/app/main.py" in readme
    assert "Community Cloud" in readme
    assert (APP / "main.py").is_file()
