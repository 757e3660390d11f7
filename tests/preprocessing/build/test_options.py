"""A build's options are checked when they are made, with a message that names the fix."""

import pytest

from dashboard.preprocessing.build.options import BuildOptions
from dashboard.preprocessing.sentiment.modes import ACCURATE, FAST


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"stance_mode": "fastest"}, "unknown stance mode 'fastest'; use one of accurate, fast"),
        ({"stance_mode": ""}, "unknown stance mode ''"),
        ({"engine": "spark"}, "unknown engine 'spark'; use one of local, dask"),
        ({"workers": 0}, "workers must be at least 1"),
    ],
)
def test_bad_options_are_refused_with_the_fix(options, message):
    with pytest.raises(ValueError, match=message):
        BuildOptions(**options)


@pytest.mark.parametrize("stance_mode", [ACCURATE, FAST])
def test_every_stance_mode_is_accepted(stance_mode):
    assert BuildOptions(stance_mode=stance_mode).stance_mode == stance_mode
