"""`regionforum strategy import`: a ministry's table of projects, milestones and values."""

import json
from datetime import date
from decimal import Decimal

import pytest

from regionforum.gazetteer.services import gazetteer_load
from regionforum.strategy.imports import strategy_import_run
from regionforum.strategy.models import (
    Indicator,
    IndicatorValue,
    Project,
    ProjectMilestone,
    ProjectStatus,
)
from regionforum.strategy.services import themes_load
from tests.cli import run
from tests.registry.sheets import write_csv, write_xlsx

pytestmark = pytest.mark.django_db

RU = ["Программа", "Проект", "Приоритет", "Статус", "Регионы", "Начало", "Срок", "Этап",
      "Срок этапа", "Этап выполнен", "Показатель", "Ед. изм", "Базовое значение",
      "Целевое значение", "Год цели", "На дату", "Значение"]  # fmt: skip
PROGRAMME = "Программа сотрудничества до 2030 года"
TELEMEDICINE = "Телемедицинская сеть больниц"


def rows():
    return [
        [PROGRAMME, TELEMEDICINE, "Медицина", "реализуется", "Гомельская обл.; Брянская область",
         "01.01.2024", "31.12.2028", "Подключены 20 больниц", "31.03.2025", "10.05.2025",
         "Консультаций в год", "тыс.", "5", "60", "2030", "31.12.2024", "9"],
        [PROGRAMME, TELEMEDICINE, "", "", "", "", "", "Подключены все районные больницы",
         "31.12.2026", "", "Консультаций в год", "тыс.", "5", "60", "2030", "31.12.2025",
         "21,5"],
        [PROGRAMME, "Обмен студентами", "Молодёжная политика и образование", "запланирован",
         "BY-HO", "", "", "", "", "", "", "", "", "", "", "", ""],
    ]  # fmt: skip


@pytest.fixture(autouse=True)
def _gazetteer():
    gazetteer_load()
    themes_load()


def test_a_russian_sheet_becomes_projects_with_milestones_and_values(tmp_path):
    path = write_xlsx(tmp_path / "strategy.xlsx", RU, rows())

    report = strategy_import_run(path=path)

    assert (report.rows, report.created, report.rejected, report.written) == (3, 2, 0, True)
    project = Project.objects.get(title=TELEMEDICINE)
    assert (project.theme.code, project.status, project.due_on) == (
        "medicine",
        ProjectStatus.IN_PROGRESS,
        date(2028, 12, 31),
    )
    assert set(project.regions.values_list("code", flat=True)) == {"BY-HO", "RU-BRY"}
    assert list(project.milestones.values_list("title", "done_on")) == [
        ("Подключены 20 больниц", date(2025, 5, 10)),
        ("Подключены все районные больницы", None),
    ]
    indicator = Indicator.objects.get(project=project)
    assert (indicator.baseline, indicator.target, indicator.target_year) == (5, 60, 2030)
    assert list(indicator.values.values_list("value", flat=True)) == [
        Decimal("9.00"),
        Decimal("21.50"),
    ]


def test_importing_the_same_file_twice_changes_nothing(tmp_path):
    path = write_csv(tmp_path / "strategy.csv", RU, rows())
    strategy_import_run(path=path)

    again = strategy_import_run(path=path)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert (Project.objects.count(), ProjectMilestone.objects.count()) == (2, 2)
    assert IndicatorValue.objects.count() == 2


def test_a_changed_value_updates_its_project(tmp_path):
    strategy_import_run(path=write_csv(tmp_path / "a.csv", RU, rows()))
    changed = rows()
    changed[1][-1] = "25"

    report = strategy_import_run(path=write_csv(tmp_path / "b.csv", RU, changed))

    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert IndicatorValue.objects.get(on=date(2025, 12, 31)).value == 25


def test_bad_rows_name_file_row_column_and_value_and_nothing_is_written(tmp_path):
    bad = rows()
    bad[1][3] = "выполнен"  # contradicts row 2's status
    bad[2][2] = "Кулинария"  # no such priority
    bad[2][5] = "31.02.2024"  # no such date
    path = write_csv(tmp_path / "bad.csv", RU, bad)

    report = strategy_import_run(path=path)

    assert report.written is False and report.rejected == 2
    found = [(e.row, e.column, e.value) for e in report.errors]
    assert found == [
        (4, "Приоритет", "Кулинария"),
        (4, "Начало", "31.02.2024"),
        (3, "Статус", "выполнен"),
    ]
    assert "Row 2 gives this project another Статус" in report.errors[2].message
    assert not Project.objects.exists()


def test_partial_writes_the_valid_rows(tmp_path):
    bad = rows()
    bad[2][2] = "Кулинария"

    report = strategy_import_run(path=write_csv(tmp_path / "bad.csv", RU, bad), partial=True)

    assert (report.written, report.created, report.rejected) == (True, 1, 1)
    assert list(Project.objects.values_list("title", flat=True)) == [TELEMEDICINE]


# Each command closes the database connections as it ends, as a process would: the test
# cannot run inside one transaction on PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_the_command_prints_json_and_exits_0_1_or_2(tmp_path, capsys):
    good = write_csv(tmp_path / "good.csv", RU, rows())
    bad_rows = rows()
    bad_rows[0][16] = "много"
    bad = write_csv(tmp_path / "bad.csv", RU, bad_rows)

    code, out, _err = run(capsys, "strategy", "import", str(good), "--json")
    assert (code, json.loads(out)["created"]) == (0, 2)
    code, out, _err = run(capsys, "strategy", "import", str(bad), "--json")
    result = json.loads(out)
    assert (code, result["rejected"], result["errors"][0]["column"]) == (1, 1, "Значение")
    code, _out, err = run(capsys, "strategy", "import", str(tmp_path / "missing.csv"))
    assert code == 2 and "missing.csv" in err + _out
    assert "Traceback" not in err
