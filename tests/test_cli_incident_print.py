"""The command line of an incident's printouts and archive package: nothing on stdout, exit
0 on success, 1 for what the user must act on, 2 for wrong usage, never a traceback."""

from __future__ import annotations

import pytest

from beredskap_desktop.i18n import _
from beredskap_desktop.services.archive import file_names
from beredskap_desktop.storage import sitreps
from beredskap_desktop.storage.database import open_store
from tests.pdf_text import page_texts
from tests.services.test_print_incident import CONTENT, KARI, make_incident, minutes
from tests.test_cli_incidents import main


@pytest.fixture
def incident(db_path):
    """A database with an incident; its id."""
    with open_store(db_path, create=True) as store:
        return make_incident(store).incident.id


def add_report(db_path, incident_id: str) -> None:
    with open_store(db_path) as store:
        sitreps.create(store, incident_id, CONTENT, operator=KARI, now=minutes(60))


@pytest.mark.parametrize("what, words", [
    ("log", "Vannstanden ved Åsen bru er 3,2 m"), ("board", "TK-01"), ("callouts", "Flom på Øyra"),
    ("cards", "Varsle kriseledelsen på Øyvik rådhus"), ("sitrep", "Statsforvalteren i Vestland"),
])
def test_an_incident_printout_is_written_with_nothing_on_stdout(db_path, incident, tmp_path, capsys, what, words):
    add_report(db_path, incident)
    out = tmp_path / f"{what}.pdf"
    code, stdout, stderr = main(capsys, "print", what, "--db", db_path, "--incident", incident, "--out", out)
    assert (code, stdout) == (0, "") and str(out) in stderr
    assert words in " ".join(page_texts(out))


def test_a_situation_report_is_chosen_by_number(db_path, incident, tmp_path, capsys):
    for _number in range(2):
        add_report(db_path, incident)
    out = tmp_path / "sitrep.pdf"
    assert main(capsys, "print", "sitrep", "--db", db_path, "--incident", incident, "--report", "1", "--out", out)[0] == 0
    assert _("Situation report {number}").format(number=1) in page_texts(out)[0]
    code, stdout, stderr = main(capsys, "print", "sitrep", "--db", db_path, "--incident", incident, "--report", "3", "--out", out)
    assert (code, stdout) == (2, "") and "1, 2" in stderr


@pytest.mark.parametrize("arguments", [
    ("print", "log"),  # no --incident
    ("print", "sitrep"),
    ("print", "plans", "--incident", "{id}"),  # --incident where it means nothing
    ("print", "log", "--incident", "{id}", "--report", "1"),
    ("print", "cards", "--incident", "{id}", "--role", "kriseleder"),
    ("print", "log", "--incident", "no-such-incident"),
    ("print", "board", "--incident", "{id}", "--page-size", "A5"),
])
def test_wrong_usage_exits_2(db_path, incident, tmp_path, capsys, arguments):
    arguments = [argument.format(id=incident) for argument in arguments]
    code, stdout, stderr = main(capsys, *arguments, "--db", db_path, "--out", tmp_path / "x.pdf")
    assert (code, stdout) == (2, "") and stderr
    assert not (tmp_path / "x.pdf").exists()


def test_a_situation_report_that_does_not_exist_yet_exits_1(db_path, incident, tmp_path, capsys):
    code, stdout, stderr = main(capsys, "print", "sitrep", "--db", db_path, "--incident", incident, "--out", tmp_path / "x.pdf")
    assert (code, stdout) == (1, "") and "Flom på Øyra" in stderr


def test_export_archive_writes_the_package_once(db_path, incident, tmp_path, capsys):
    add_report(db_path, incident)
    folder = tmp_path / "arkiv"
    code, stdout, stderr = main(capsys, "export", "archive", "--db", db_path, "--incident", incident, "--out", folder)
    assert (code, stdout) == (0, "") and str(folder) in stderr
    assert sorted(path.name for path in folder.iterdir()) == sorted(file_names().values())
    code, stdout, stderr = main(capsys, "export", "archive", "--db", db_path, "--incident", incident, "--out", folder)
    assert (code, stdout) == (1, "") and str(folder) in stderr


@pytest.mark.parametrize("arguments", [
    ("export", "archive"),
    ("export", "contacts", "--format", "csv", "--incident", "{id}"),
    ("export", "archive", "--incident", "no-such-incident"),
    ("export", "archive", "--incident", "{id}", "--role", "kriseleder"),
])
def test_export_archive_wrong_usage_exits_2(db_path, incident, tmp_path, capsys, arguments):
    arguments = [argument.format(id=incident) for argument in arguments]
    code, stdout, stderr = main(capsys, *arguments, "--db", db_path, "--out", tmp_path / "arkiv")
    assert (code, stdout) == (2, "") and stderr
    assert not (tmp_path / "arkiv").exists()
