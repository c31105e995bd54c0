from decimal import Decimal

from regionforum.analytics.selectors import ForumFigures
from regionforum.web.charts import LABEL_WIDTH, ROW_HEIGHT, WIDTH, forum_chart


def _row(forum: int, agreements: int, usd: str) -> ForumFigures:
    return ForumFigures(
        forum=forum,
        year=2013 + forum,
        agreements=agreements,
        total_usd=Decimal(usd),
        share_of_total=0.0,
    )


def test_forum_chart_scales_bars_to_the_largest_value():
    rows = [_row(1, 10, "0"), _row(8, 40, "1000"), _row(9, 1, "1")]

    chart = forum_chart(rows, measure="agreements")

    room = WIDTH - LABEL_WIDTH - 110
    assert [bar.roman for bar in chart.bars] == ["I", "VIII", "IX"]
    assert [bar.width for bar in chart.bars] == [room // 4, room, round(room / 40)]
    assert [bar.y for bar in chart.bars] == [5, 5 + ROW_HEIGHT, 5 + 2 * ROW_HEIGHT]
    assert chart.height == 3 * ROW_HEIGHT


def test_forum_chart_keeps_a_tiny_value_visible_and_zero_empty():
    rows = [_row(1, 1, "0"), _row(2, 1, "1"), _row(3, 1, "1000000")]

    chart = forum_chart(rows, measure="total_usd")

    assert [bar.width for bar in chart.bars] == [0, 1, 420]
    assert [bar.value for bar in chart.bars] == [Decimal("0"), Decimal("1"), Decimal("1000000")]


def test_forum_chart_of_no_forums_has_no_bars():
    chart = forum_chart([], measure="agreements")

    assert chart.bars == []
    assert chart.height == ROW_HEIGHT


def test_bar_chart_scales_labelled_values_and_keeps_their_text():
    from regionforum.web.charts import VALUE_WIDTH, bar_chart

    chart = bar_chart([("Minsk", 4, "4"), ("Smolensk", 1, "1"), ("Pskov", 0, "0")], name="m")

    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    assert [(bar.label, bar.text, bar.width) for bar in chart.bars] == [
        ("Minsk", "4", room),
        ("Smolensk", "1", round(room / 4)),
        ("Pskov", "0", 0),
    ]
    assert (chart.name, chart.height) == ("m", 3 * ROW_HEIGHT)
    assert bar_chart([], name="empty").bars == []
