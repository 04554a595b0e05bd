"""The command line contract: exit codes 0/1/2, messages on stderr, no tracebacks."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys

import pytest

from beredskap_desktop import cli
from beredskap_desktop.services.municipality import create_municipality
from beredskap_desktop.storage import cards, contacts, municipality, plans
from beredskap_desktop.storage.database import open_store
from tests.services.test_plan_exchange import fill


def run(*args, env_extra=None):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "beredskap_desktop", *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=120)


def test_init_creates_an_empty_municipality(db_path):
    result = run("init", "--db", db_path, "--name", "Testvik", "--kommunenummer", "9999")
    assert result.returncode == 0, result.stderr
    with open_store(db_path, read_only=True) as store:
        assert municipality.get(store) == municipality.Municipality("Testvik", "9999")
        assert contacts.count(store) == 0


def test_init_refuses_a_bad_number_and_an_existing_file(db_path):
    bad = run("init", "--db", db_path, "--name", "Testvik", "--kommunenummer", "12")
    assert bad.returncode == 1 and "Kommunenummer" in bad.stderr and "Traceback" not in bad.stderr
    assert not db_path.exists()
    run("init", "--db", db_path, "--name", "Testvik", "--kommunenummer", "9999")
    again = run("init", "--db", db_path, "--name", "Annen", "--kommunenummer", "1234")
    assert again.returncode == 1 and "Traceback" not in again.stderr


def test_wrong_usage_exits_2(db_path):
    assert run("init", "--db", db_path).returncode == 2
    assert run("nonsense").returncode == 2
    assert run("export", "contacts", "--format", "pdf", "--db", db_path, "--out", "x").returncode == 2


def test_gui_starts_and_quits_when_shown_on_the_demo(tmp_path):
    db = tmp_path / "demo.sqlite"
    assert run("demo", "--db", db).returncode == 0
    shown = run("--db", db, "--exit-when-shown")
    assert shown.returncode == 0, shown.stderr
    read_only = run("--db", db, "--read-only", "--lang", "en", "--exit-when-shown")
    assert read_only.returncode == 0, read_only.stderr


def test_gui_on_a_missing_or_locked_database_exits_1(tmp_path, store, db_path):
    missing = run("--db", tmp_path / "nope.sqlite", "--exit-when-shown")
    assert missing.returncode == 1 and "nope.sqlite" in missing.stderr
    locked = run("--db", db_path, "--exit-when-shown")  # ``store`` holds the writer lock
    assert locked.returncode == 1 and "Traceback" not in locked.stderr
    assert str(os.getpid()) in locked.stderr


def test_a_newer_database_is_refused(db_path, store):
    with store.conn:
        store.conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('beredskap_desktop', 'm9999_from_the_future', 'x')")
    store.close()
    result = run("export", "contacts", "--format", "csv", "--db", db_path, "--out", db_path.with_suffix(".csv"))
    assert result.returncode == 1 and "nyere" in result.stderr.lower() and "Traceback" not in result.stderr


# --- export plans|cards, import plans|cards (in process) --------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def fjordvik(tmp_path):
    path = tmp_path / "fjordvik.sqlite"
    create_municipality(path, "Fjordvik", "4601")
    with open_store(path) as store:
        fill(store)
    return path


@pytest.fixture
def nabovik(tmp_path):
    path = tmp_path / "nabovik.sqlite"
    assert cli.main(["init", "--db", str(path), "--name", "Nabovik", "--kommunenummer", "4602"]) == 0
    return path


def table_dump(path):
    with open_store(path, read_only=True) as store:
        return [store.conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
                for table in ("role", "incident_type", "plan", "plan_section", "action_card", "action_card_step")]


def test_export_and_import_plans_and_cards(fjordvik, nabovik, tmp_path, capsys):
    capsys.readouterr()
    for kind in ("plans", "cards"):
        out = tmp_path / f"{kind}.json"
        assert cli.main(["export", kind, "--db", str(fjordvik), "--out", str(out)]) == 0
        exported = capsys.readouterr()
        assert exported.out == "" and str(out) in exported.err
        assert cli.main(["import", kind, str(out), "--db", str(nabovik), "--yes"]) == 0
        imported = capsys.readouterr()
        assert "Traceback" not in imported.err
        lines = imported.out.splitlines()
        assert "Fjordvik (4601)" in lines[0]
        assert [re.findall(r"\d+", line) for line in lines[1:4]] == [["2" if kind == "plans" else "3"], ["0"], ["0"]]  # new, updated, unchanged
    with open_store(nabovik, read_only=True) as store:
        assert (plans.count(store), cards.count(store)) == (2, 3)
    assert cli.main(["import", "cards", str(tmp_path / "cards.json"), "--db", str(nabovik)]) == 0  # nothing left to import
    assert "Traceback" not in capsys.readouterr().err


def test_import_asks_on_a_terminal_and_refuses_without_one(fjordvik, nabovik, tmp_path, capsys, monkeypatch):
    out = tmp_path / "kort.json"
    cli.main(["export", "cards", "--db", str(fjordvik), "--out", str(out)])
    before = table_dump(nabovik)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert cli.main(["import", "cards", str(out), "--db", str(nabovik)]) == 1
    assert "--yes" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", Terminal())
    monkeypatch.setattr("builtins.input", lambda prompt: "nei")
    assert cli.main(["import", "cards", str(out), "--db", str(nabovik)]) == 1
    assert table_dump(nabovik) == before
    monkeypatch.setattr("builtins.input", lambda prompt: "ja")
    assert cli.main(["import", "cards", str(out), "--db", str(nabovik)]) == 0
    with open_store(nabovik, read_only=True) as store:
        assert cards.count(store) == 3


@pytest.mark.parametrize("content, words", [
    (bytes(range(256)) * 4, "JSON"),
    (b"", "JSON"),
    (b'{"format": "beredskap_desktop/plans-cards", "format_version": 7, "kind": "cards", "cards": []}', "7"),
    (b'{"format": "beredskap_desktop/plans-cards", "format_version": 1, "kind": "plans", "plans": []}', "import plans"),
    (b'{"format": "beredskap_desktop/plans-cards", "format_version": 1, "kind": "cards", "cards": [{"id": "x"}]}', "cards[0]"),
])
def test_a_bad_file_is_one_plain_message_and_changes_nothing(nabovik, tmp_path, capsys, content, words):
    bad = tmp_path / "deling.json"
    bad.write_bytes(content)
    before = table_dump(nabovik)
    capsys.readouterr()
    assert cli.main(["import", "cards", str(bad), "--db", str(nabovik), "--yes"]) == 1
    result = capsys.readouterr()
    assert result.out == ""
    assert len(result.err.strip().splitlines()) == 1 and "deling.json" in result.err and words in result.err
    assert table_dump(nabovik) == before


def test_card_export_filters_and_wrong_usage(fjordvik, tmp_path, capsys):
    out = tmp_path / "flom.json"
    assert cli.main(["export", "cards", "--db", str(fjordvik), "--out", str(out), "--incident-type", "flom", "--role", "kriseleder"]) == 0
    assert [c["code"] for c in json.loads(out.read_text(encoding="utf-8"))["cards"]] == ["TK-01"]
    capsys.readouterr()
    wrong = [
        ["export", "cards", "--db", str(fjordvik), "--out", str(tmp_path / "x.json"), "--incident-type", "tsunami"],
        ["export", "cards", "--db", str(fjordvik), "--out", str(tmp_path / "x.json"), "--role", "sjef"],
        ["export", "plans", "--db", str(fjordvik), "--out", str(tmp_path / "x.json"), "--role", "kriseleder"],
        ["export", "cards", "--db", str(fjordvik), "--out", str(tmp_path / "x.json"), "--format", "csv"],
        ["export", "contacts", "--db", str(fjordvik), "--out", str(tmp_path / "x.csv")],
        ["export", "cards", "--db", str(fjordvik), "--out", str(tmp_path / "x.json"), "--include-exempt"],
        ["export", "contacts", "--format", "csv", "--db", str(fjordvik), "--out", str(tmp_path / "x.csv"), "--include-exempt"],
    ]
    for argv in wrong:
        assert cli.main(argv) == 2, argv
        assert "Traceback" not in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists() and not (tmp_path / "x.csv").exists()
    cli.main(wrong[0])
    assert "flom" in capsys.readouterr().err  # the valid codes are listed


def test_plan_sections_exempt_from_public_access_stay_home_unless_asked_for(tmp_path, capsys):
    from beredskap_desktop.domain.plans import Classification, Plan, PlanType, Section

    db = tmp_path / "kommune.sqlite"
    create_municipality(db, "Fjordvik kommune", "9999")
    with open_store(db) as store:
        plans.save(store, Plan("", PlanType.WATER, "Vann og avløp", sections=(
            Section("", "Reservevann", "Tankbil fra Nordvåg."),
            Section("", "Sikring av vannverket", "Kode til porten: 4711.", Classification.EXEMPT),
        )))
    public, everything = tmp_path / "planer.json", tmp_path / "alt.json"
    assert cli.main(["export", "plans", "--db", str(db), "--out", str(public)]) == 0
    assert cli.main(["export", "plans", "--db", str(db), "--out", str(everything), "--include-exempt"]) == 0
    titles = lambda path: [s["title"] for s in json.loads(path.read_text(encoding="utf-8"))["plans"][0]["sections"]]
    assert titles(public) == ["Reservevann"]
    assert "4711" not in public.read_text(encoding="utf-8")
    assert titles(everything) == ["Reservevann", "Sikring av vannverket"]


# --- print cards ---------------------------------------------------------------------------


def test_print_cards_writes_a_pdf_with_the_filtered_cards(fjordvik, tmp_path, capsys):
    from pypdf import PdfReader

    out = tmp_path / "tiltakskort.pdf"
    assert cli.main(["print", "cards", "--db", str(fjordvik), "--out", str(out), "--incident-type", "flom"]) == 0
    result = capsys.readouterr()
    assert result.out == "" and str(out) in result.err and "2" in result.err
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert "TK-01" in text and "TK-02" in text and "TK-03" not in text  # TK-02 is always activated
    assert cli.main(["print", "cards", "--db", str(fjordvik), "--out", str(out), "--role", "kriseleder",
                     "--include-private", "--page-size", "A5"]) == 0
    assert [round(float(x)) for x in PdfReader(out).pages[0].mediabox[2:]] == [842, 595]  # two A5 on A4


def test_print_cards_wrong_usage_lists_the_valid_values(fjordvik, tmp_path, capsys):
    out = tmp_path / "x.pdf"
    capsys.readouterr()
    for argv, valid in ((["--incident-type", "tsunami"], "flom"), (["--role", "sjef"], "kriseleder")):
        assert cli.main(["print", "cards", "--db", str(fjordvik), "--out", str(out), *argv]) == 2
        error = capsys.readouterr().err
        assert valid in error and "Traceback" not in error
    for argv in (["cards", "--page-size", "A3"], ["everything"]):
        with pytest.raises(SystemExit) as exit_:
            cli.main(["print", *argv, "--db", str(fjordvik), "--out", str(out)])
        assert exit_.value.code == 2
    assert not out.exists()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("print") / "fjordvik.sqlite"
    assert cli.main(["demo", "--db", str(path)]) == 0
    return path


@pytest.mark.parametrize("what, argv, expected", [
    ("binder", ["--copy", "Kriserom rådhuset"], ["Beredskapsperm", "Kriserom rådhuset", "TK-36", "Kontaktkatalog"]),
    ("contacts", [], ["Kontaktkatalog"]),
    ("plans", ["--public"], ["Overordnet beredskapsplan"]),
    ("forms", [], ["Situasjonsrapport"]),
])
def test_print_each_printout(demo_db, tmp_path, capsys, what, argv, expected):
    from pypdf import PdfReader

    from beredskap_desktop.storage import binders
    from beredskap_desktop.storage.database import open_store

    with open_store(demo_db) as store:
        if not binders.copies(store):
            binders.add(store, "Kriserom rådhuset")
    out = tmp_path / f"{what}.pdf"
    capsys.readouterr()
    assert cli.main(["print", what, "--db", str(demo_db), "--out", str(out), *argv]) == 0
    assert capsys.readouterr().out == ""
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    for word in expected:
        assert word in text, word


def test_print_changed_needs_a_known_copy_and_lists_what_changed(demo_db, tmp_path, capsys):
    from pypdf import PdfReader

    from beredskap_desktop.services.printing.binder import build_binder, documents
    from beredskap_desktop.storage import binders
    from beredskap_desktop.storage.database import open_store

    out = tmp_path / "changed.pdf"
    capsys.readouterr()
    assert cli.main(["print", "changed", "--db", str(demo_db), "--out", str(out)]) == 1
    assert "--copy" in capsys.readouterr().err
    assert cli.main(["print", "changed", "--db", str(demo_db), "--out", str(out), "--copy", "Nowhere"]) == 2
    assert not out.exists()
    with open_store(demo_db) as store:
        copy = binders.copies(store)[0] if binders.copies(store) else binders.add(store, "Kriserom rådhuset")
        binders.record_filed(store, copy.id, documents(build_binder(store)), printed_by="Kari", whole=True)
    assert cli.main(["print", "changed", "--db", str(demo_db), "--out", str(out), "--copy", copy.name.upper()]) == 0
    pages = PdfReader(out).pages
    assert "Ingenting er endret" in pages[0].extract_text()
