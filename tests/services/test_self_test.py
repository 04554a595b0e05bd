"""``self-test`` without Qt: each step, its one-line report, and the temporary folder it cleans up."""

from __future__ import annotations

import subprocess
import tempfile

import pytest

from beredskap_desktop.services import self_test
from beredskap_desktop.services.contact_import import ImportPlan, Rejected
from beredskap_desktop.services.demo import load_demo
from beredskap_desktop.services.self_test import PDF_FONT, run_self_test
from beredskap_desktop.storage import contacts
from beredskap_desktop.storage.database import open_store

STEPS = ["database", "demo", "pdf", "contacts round trip", "snapshot", "main window", "clean up"]


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """The self-test's temporary folder goes under ``tmp_path``, so the test sees what is left."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    load_demo(path)
    return path


def report(capsys) -> list[str]:
    return capsys.readouterr().err.splitlines()[:-1]  # the last line is the summary


def test_every_step_passes_in_a_temporary_folder_that_is_removed(private_tmp, capsys):
    windows = []

    def main_window(db_path):
        with open_store(db_path) as store:
            windows.append((db_path.parent.parent, contacts.count(store)))

    assert run_self_test(main_window) == 0
    assert report(capsys) == [f"OK {step}" for step in STEPS]
    assert windows[0][0] == private_tmp and windows[0][1] > 0  # the demo, in the temporary folder
    assert list(private_tmp.iterdir()) == []


def test_a_failing_step_is_reported_and_the_exit_code_is_1(private_tmp, capsys):
    def main_window(db_path):
        raise RuntimeError("no display")

    assert run_self_test(main_window) == 1
    lines = report(capsys)
    assert "FAILED main window: RuntimeError: no display" in lines
    assert [line for line in lines if line.startswith("OK")] == [f"OK {step}" for step in STEPS if step != "main window"]
    assert list(private_tmp.iterdir()) == []


def test_the_temporary_folder_is_removed_even_when_the_run_is_interrupted(private_tmp):
    def main_window(db_path):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_self_test(main_window)
    assert list(private_tmp.iterdir()) == []


def test_the_pdf_shows_the_municipality_and_aeoa_in_the_embedded_font(demo_db, tmp_path):
    out = tmp_path / "self-test.pdf"
    self_test.check_pdf(demo_db, out)
    text = subprocess.run(["pdftotext", out, "-"], capture_output=True, text=True, check=True).stdout
    assert "Fjordvik kommune" in text and "Beredskapsperm" in text and set("æøå") <= set(text)
    fonts = subprocess.run(["pdffonts", out], capture_output=True, text=True, check=True).stdout
    dejavu = [line.split() for line in fonts.splitlines() if PDF_FONT in line]
    assert dejavu and dejavu[0][-5] == "yes"  # the "emb" column


def test_the_pdf_check_refuses_other_files_and_fonts_not_embedded(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    out = tmp_path / "helvetica.pdf"
    canvas = Canvas(str(out))
    canvas.setFont("Helvetica", 12)  # a standard font: named, never embedded
    canvas.drawString(72, 720, "Fjordvik")
    canvas.save()
    with pytest.raises(AssertionError, match="embed"):
        self_test.check_pdf_embeds(out.read_bytes(), "Helvetica")
    with pytest.raises(AssertionError, match="not a PDF"):
        self_test.check_pdf_embeds(b"<html>", PDF_FONT)


def test_the_contacts_round_trip_finds_nothing_new(demo_db, tmp_path):
    self_test.check_contacts_round_trip(demo_db, tmp_path / "contacts.csv")


def test_the_contacts_round_trip_fails_when_the_import_would_add_or_reject(demo_db, tmp_path, monkeypatch):
    from beredskap_desktop.services import contact_import

    monkeypatch.setattr(contact_import, "plan_import", lambda store, records: ImportPlan(rejected=[Rejected("line 2", "X", ("bad",))]))
    with pytest.raises(AssertionError, match="1 rejected"):
        self_test.check_contacts_round_trip(demo_db, tmp_path / "contacts.csv")
