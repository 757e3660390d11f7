import os

import pytest

from dashboard.app.data import CACHE_ENV
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


@pytest.fixture(autouse=True, scope="session")
def digest_embeddings_in_a_temporary_folder(tmp_path_factory):
    """The app's pages keep the digest's embeddings on disk: not in the user's cache folder."""
    before = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        os.environ.pop(CACHE_ENV)
    else:
        os.environ[CACHE_ENV] = before
