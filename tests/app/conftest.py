import pytest

from dashboard.app.filters import Filters, selection
from dashboard.app.tables import corpus_of
from dashboard.preprocessing.sentiment.modes import ACCURATE
from dashboard.preprocessing.topic.topic_stance import topic_stance_model_for


@pytest.fixture(scope="session")
def kept(seed_tables):
    """What the filters keep of the seeds' tables, or of other tables, as the app holds them."""
    seeds = corpus_of(seed_tables, "tscf", topic_stance_model_for(ACCURATE).article.band)

    def kept_of(filters: Filters | None = None, tables=None):
        return selection(seeds if tables is None else corpus_of(tables, "tscf", seeds.topic_band), filters or Filters())

    return kept_of


@pytest.fixture(scope="session")
def seeds(kept):
    """The seeds' tables, unfiltered."""
    return kept()
