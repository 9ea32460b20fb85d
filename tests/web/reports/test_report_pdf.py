"""The report's PDFs: both scripts read back, the synthetic banner on every page, a page drawn.

WeasyPrint takes seconds of CPU a PDF. The English and the Persian PDF of the minimal
demo case (with a made-up estimate) are rendered once for this module, inside a
transaction rolled back when the module ends, and every test reads the same two
files. Only tests that read these PDFs belong here.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dadkhah.core.case import init_case
from dadkhah.web.reports.services import report_write
from tests.database import custody_triggers_create, vocabularies_seed_if_missing
from tests.web.authz.conftest import make_user
from tests.web.reports.reporting import SEALED, estimate_create, needs_pdf, pdf_pages, pdf_text

# django_db: the module's fixture needs the test database, which pytest-django makes only
# where a collected test asks for it.
pytestmark = [needs_pdf, pytest.mark.django_db]

# As tests/conftest.py gives every test: a fast hasher for the user made here.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def pdfs(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, str]]:
    """The report of the minimal demo case as a legal officer sees it: {language: PDF path}."""
    from django.db import transaction
    from django.test import override_settings

    from dadkhah.web.demo.minimal import demo_case_build_minimal

    folder = tmp_path_factory.mktemp("report-pdf")
    case = init_case(folder / "demo", name="Report test", synthetic=True)
    with (
        django_db_blocker.unblock(),
        override_settings(CASE=case, PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        # What each test's database holds before it builds anything (tests/conftest.py).
        vocabularies_seed_if_missing()
        custody_triggers_create()
        demo_case_build_minimal(case=case, echo=lambda _m: None)
        estimate_create()
        user = make_user("legal", "legal_officer", "strictly_confidential")
        out = {}
        for lang in ("en", "fa"):
            path = folder / f"report-{lang}.pdf"
            report_write(case=case, user=user, language=lang, out=path, force=True)
            out[lang] = str(path)
        yield out
        transaction.set_rollback(True)


def test_the_pdfs_read_back_in_both_scripts_with_the_case_numbers(pdfs: dict[str, str]) -> None:
    text = pdf_text(pdfs["en"])
    assert "Summary figures" in text and "Tehran commission (1988)" in text
    assert "1,234" in text and "1,567" in text
    assert "Official A (fictional)" in text
    text = pdf_text(pdfs["fa"])
    assert "اوین" in text and "گوهردشت" in text  # shaped, extracted as Persian letters
    assert "۱٬۲۳۴" in text or "۱۲۳۴" in text
    assert "مرداد" in text and "۱۳۶۷" in text
    for secret in SEALED:
        assert secret not in text and secret not in pdf_text(pdfs["en"])


def test_the_synthetic_banner_is_on_every_page(pdfs: dict[str, str]) -> None:
    for lang, word in (("en", "SYNTHETIC DATA"), ("fa", "ساختگی")):
        pdf = pdfs[lang]
        pages = pdf_pages(pdf)
        assert pages >= 2
        for page in range(1, pages + 1):
            assert word in pdf_text(pdf, page), (lang, page)


def test_a_page_renders_to_png(pdfs: dict[str, str], tmp_path: Path) -> None:
    from PIL import Image

    prefix = tmp_path / "page"
    subprocess.run(
        ["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", pdfs["fa"], str(prefix)],
        check=True,
    )
    (png,) = tmp_path.glob("page*.png")
    with Image.open(png) as image:
        assert image.width > 200 and image.height > 200
        colours = image.convert("L").getcolors(maxcolors=256 * 256) or []
    assert len(colours) > 2, "the page is not blank"
