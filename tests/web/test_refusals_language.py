"""The services' refusals that a page shows come out in the reader's language (issue 11).

Each refusal is reached through its service as the page (or the command line) calls it:
in Persian under ``translation.override("fa")``, and in the English the tests and the
command line read otherwise, exactly as it was written before it was translated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import translation

from dadkhah.core.case import open_case
from dadkhah.core.errors import DadkhahError, InputError
from dadkhah.core.linkage.sampling import decision_conflicts
from dadkhah.web.accounts.services import user_create
from dadkhah.web.families.models import Submission
from dadkhah.web.families.services import FamiliesError, submitter_reveal
from dadkhah.web.linkage.models import ReviewDecision
from dadkhah.web.linkage.services import review_decide
from dadkhah.web.sources.models import Record, Source
from dadkhah.web.sources.services import source_import
from tests.login import login

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough passphrase 42"


@pytest.fixture
def records() -> list[int]:
    """Three records of a fictional list, none yet decided on."""
    source = Source.objects.create(name="list-a", title="A fictional list", kind="list")
    return [
        Record.objects.create(
            source=source, source_record_id=str(n), raw={"name": name}, normalized={}
        ).pk
        for n, name in enumerate(("Parvin", "Parvine", "Parvaneh"))
    ]


def _decide(
    a: int, b: int, verdict: str = "same", reason: str = "same father", who: str = "rev"
) -> Callable[[], ReviewDecision]:
    return lambda: review_decide(
        record_a=a, record_b=b, verdict=verdict, reason=reason, reviewer=who
    )


def _refusal(call: Callable[[], Any], language: str | None) -> str:
    with pytest.raises(DadkhahError) as caught:
        if language is None:
            call()
        else:
            with translation.override(language):
                call()
    return str(caught.value)


LINKAGE: dict[str, tuple[Callable[[list[int]], Callable[[], Any]], str, str]] = {
    "unknown verdict": (
        lambda r: _decide(r[0], r[1], verdict="maybe"),
        "Unknown verdict 'maybe'; use same, different or unsure.",
        "رأی 'maybe' شناخته نیست",
    ),
    "no reason": (
        lambda r: _decide(r[0], r[1], reason="  "),
        "Give a reason for the decision: it is kept with it for whoever checks later.",
        "دلیل تصمیم را بنویسید",
    ),
    "no reviewer": (
        lambda r: _decide(r[0], r[1], who=""),
        "Name the reviewer: every decision records who made it.",
        "نام بازبین را بدهید",
    ),
    "one record twice": (
        lambda r: _decide(r[0], r[0]),
        "A decision needs two different records (got {0} twice).",
        "رکورد {0} دو بار آمده است",
    ),
    "no such record": (
        lambda r: _decide(r[0], 10**9),
        "Record 1000000000 does not exist; check the record id.",
        "رکورد 1000000000 وجود ندارد",
    ),
}


@pytest.mark.parametrize("case", list(LINKAGE), ids=list(LINKAGE))
def test_a_review_refusal_reads_in_the_readers_language(case: str, records: list[int]) -> None:
    make, english, persian = LINKAGE[case]
    call = make(records)
    assert _refusal(call, None) == english.format(*records)
    assert _refusal(call, "en") == english.format(*records)
    fa = _refusal(call, "fa")
    assert persian.format(*records) in fa
    assert english.split()[0] not in fa
    assert not ReviewDecision.objects.exists()


def test_a_contradicting_decision_is_refused_in_either_language_naming_the_chain(
    records: list[int],
) -> None:
    a, b, c = records
    _decide(a, b)()
    _decide(b, c)()
    refuse = _decide(a, c, verdict="different")
    conflicts = decision_conflicts([(a, b), (b, c)], [(a, c)])
    # The English is the sentence the command line printed before: core's own description.
    assert _refusal(refuse, None) == (
        "This decision contradicts decisions in force, so it was not recorded: "
        + "; ".join(x.describe() for x in conflicts)
        + ". Records that are the same person as each other are all one person; change "
        "one of the earlier decisions first if it was wrong."
    )
    fa = _refusal(refuse, "fa")
    assert fa.startswith("این تصمیم با تصمیم‌های معتبر تناقض دارد و ثبت نشد: ")
    assert f"{a} ≠ {c} با {a} = {b}, {b} = {c} تناقض دارد" in fa
    assert ReviewDecision.objects.count() == 2


def test_the_review_page_shows_a_refusal_in_persian(client: Client, records: list[int]) -> None:
    user_create(username="reviewer", password=PASSWORD, role="reviewer")
    assert login(client, "reviewer", PASSWORD)
    post = {"record_a": records[0], "record_b": records[1], "verdict": "same", "reason": ""}
    fa = client.post("/linkage/review/decide/", post, follow=True, HTTP_ACCEPT_LANGUAGE="fa")
    assert "دلیل تصمیم را بنویسید" in fa.content.decode()
    en = client.post("/linkage/review/decide/", post, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "Give a reason for the decision" in en.content.decode()


def test_an_anonymous_submission_has_no_sender_to_reveal_in_either_language(
    tmp_path: Any,
) -> None:
    liaison = user_create(username="liaison", password=PASSWORD, role="witness_liaison")
    submission = Submission.objects.create(submitter=None)

    def reveal() -> None:
        submitter_reveal(
            case=None,  # type: ignore[arg-type]  # refused before the case is read
            keyring=None,  # type: ignore[arg-type]
            submission=submission,
            user=liaison,
            actor="liaison",
        )

    assert _refusal(reveal, None) == "There is no sender's identity you may see here."
    assert _refusal(reveal, "fa") == "اینجا هویتی از فرستنده نیست که بتوانید ببینید."
    with pytest.raises(FamiliesError):
        reveal()


def test_a_refusal_is_an_input_error_the_command_line_prints(records: list[int]) -> None:
    with pytest.raises(InputError):
        _decide(records[0], records[0])()


@pytest.fixture
def another_import() -> Iterator[None]:
    """The database refuses a new version of ``list-race`` as if another import had made it.

    A trigger stands in for the second writer: the version the import computed is taken
    by the time it inserts, which the unique (name, version) constraint reports.
    """
    table = Source._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION h_taken() RETURNS trigger AS $$ BEGIN "
                "RAISE unique_violation USING MESSAGE = 'source_name_version'; END $$ "
                "LANGUAGE plpgsql"
            )
            cursor.execute(
                f"CREATE TRIGGER h_taken BEFORE INSERT ON {table} FOR EACH ROW "
                "WHEN (NEW.name = 'list-race') EXECUTE FUNCTION h_taken()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER h_taken BEFORE INSERT ON {table} "
                "WHEN NEW.name = 'list-race' BEGIN "
                "SELECT RAISE(ABORT, 'UNIQUE constraint failed: source_name_version'); END"
            )
    yield
    with connection.cursor() as cursor:
        cursor.execute(
            f"DROP TRIGGER h_taken{' ON ' + table if connection.vendor == 'postgresql' else ''}"
        )
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION h_taken()")


def test_an_import_that_meets_another_is_refused_in_either_language(
    tmp_path: Path, case_dir: Path, another_import: None
) -> None:
    path = tmp_path / "list.csv"
    path.write_text("record_id,full_name\r\nR1,Fictional Golnaz\r\n")
    case = open_case(case_dir)

    def run() -> None:
        source_import(case=case, path=path, source_name="list-race")

    assert _refusal(run, None) == (
        "Source 'list-race' was changed by another import at the same time; run the import again."
    )
    assert _refusal(run, "fa") == (
        "منبع 'list-race' هم‌زمان با ورود دیگری تغییر کرد؛ ورود را دوباره انجام دهید."
    )
    assert not Source.objects.filter(name="list-race").exists()
