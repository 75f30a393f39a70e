"""Importing training records from CSV: every problem with its line, all or nothing, and
importing the same file twice adds nothing the second time."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied

from seemehearme.feeds.parsing import FileRefused
from seemehearme.workforce.importing import training_import
from seemehearme.workforce.models import TrainingRecord


def csv(*rows: str) -> io.BytesIO:
    return io.BytesIO(("username,course,completed_on,provider\n" + "\n".join(rows)).encode())


def good(partnership) -> io.BytesIO:
    return csv(
        f"{partnership.ava.username},screening-test,2026-06-01,Testshire training team",
        f"{partnership.ben.username.upper()},basic-test,02/06/2026,E-learning",
    )


def test_a_good_file_adds_each_record_once_however_often_it_is_imported(partnership):
    before = TrainingRecord.objects.count()
    outcome = training_import(by=partnership.mia, stream=good(partnership))
    assert (outcome.added, outcome.already, outcome.problems) == (2, 0, [])
    ben = TrainingRecord.objects.get(staff=partnership.ben, completed_on=dt.date(2026, 6, 2))
    assert ben.expires_on == dt.date(2027, 6, 2)
    assert ben.recorded_by == partnership.mia
    assert ben.history.get().history_user == partnership.mia

    again = training_import(by=partnership.mia, stream=good(partnership))
    assert (again.added, again.already) == (0, 2)
    assert TrainingRecord.objects.count() == before + 2


def test_every_problem_is_reported_with_its_line_and_nothing_is_saved(partnership):
    before = TrainingRecord.objects.count()
    outcome = training_import(
        by=partnership.mia,
        stream=csv(
            f"{partnership.ava.username},screening-test,2026-06-01,Trainer",  # fine
            f"{partnership.dee.username},basic-test,2026-06-01,Trainer",  # another team
            f"{partnership.ava.username},no-such-course,31/02/2026,",
            f"{partnership.ava.username},basic-test,2099-01-01,Trainer",
            "too,short",
        ),
    )
    assert [(p.line, p.message.split(":")[0]) for p in outcome.problems] == [
        (3, "username"),
        (4, "course"),
        (4, "completed_on"),
        (4, "provider"),
        (5, "completed_on"),
        (6, "has fewer than 4 values"),
    ]
    assert outcome.added == 0
    assert TrainingRecord.objects.count() == before
    # The value is never repeated back.
    assert not any(partnership.dee.username in p.message for p in outcome.problems)


def test_a_file_without_the_header_is_refused_and_a_practitioner_cannot_import(partnership):
    with pytest.raises(FileRefused, match="name the columns"):
        training_import(by=partnership.mia, stream=io.BytesIO(b"name,course\nx,y\n"))
    with pytest.raises(PermissionDenied):
        training_import(by=partnership.ava, stream=good(partnership))


def test_the_import_page_shows_the_problems_by_line(partnership, verified_client):
    client = verified_client(partnership.mia)
    upload = csv(f"{partnership.ava.username},no-such-course,2026-06-01,Trainer")
    upload.name = "training.csv"
    response = client.post("/workforce/training/import", {"file": upload})
    page = response.content.decode()
    assert "Nothing was imported: 1 problem to put right" in page
    assert "course: not the code of a course offered now" in page
    response = client.post("/workforce/training/import", {"file": _named(good(partnership))})
    assert "2 training records added" in response.content.decode()


def _named(stream: io.BytesIO) -> io.BytesIO:
    stream.name = "training.csv"
    return stream
