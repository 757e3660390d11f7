import re

from dashboard import schema
from tests.conftest import ROOT


def test_readme_data_dictionary_is_generated_from_the_schema():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- data-dictionary:start -->\n(.*)<!-- data-dictionary:end -->", readme, re.DOTALL)
    assert block, "README lacks the data-dictionary markers"
    assert block.group(1) == schema.data_dictionary_markdown(), (
        "README's data dictionary is out of date: run `python -m dashboard data-dictionary --update README.md`"
    )


def test_readme_with_data_dictionary_replaces_only_the_block():
    readme = f"intro\n{schema.DICTIONARY_START}stale\n{schema.DICTIONARY_END}\noutro\n"
    updated = schema.readme_with_data_dictionary(readme)
    assert updated.startswith("intro\n") and updated.endswith(f"{schema.DICTIONARY_END}\noutro\n")
    assert "stale" not in updated and "### `source_stance`" in updated


def test_column_names_are_unique_and_typed():
    for table in schema.TABLES.values():
        assert len(set(table.column_names)) == len(table.column_names)
        assert {c.dtype for c in table.columns} <= {schema.STRING, schema.INTEGER, schema.DATE, schema.BOOLEAN, schema.FLOAT}
