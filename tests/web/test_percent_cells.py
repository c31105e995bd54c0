import pytest
from django.utils import translation

from regionforum.web import figures_views, programme_views


@pytest.mark.parametrize(
    ("language", "rise", "fall", "rate"),
    [("en", "+26%", "-5%", "75%"), ("ru", "+26\xa0%", "-5\xa0%", "75\xa0%")],
)
def test_percent_cells_follow_the_active_language(language, rise, fall, rate):
    with translation.override(language):
        assert figures_views._percent(0.257).text == rise
        assert figures_views._percent(-0.05).text == fall
        assert programme_views._percent(0.75) == rate


def test_percent_cells_keep_the_number_for_sorting_and_a_dash_for_none():
    assert figures_views._percent(0.257).value == 25.7
    assert figures_views._percent(None).text == "—"
    assert programme_views._percent(None) == "—"
