"""Shared fixtures: paths to ../shared/data, a fresh case folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.database import custody_triggers_create, vocabularies_seed_if_missing

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


def shared_data(*parts: str) -> Path:
    """A path under ../shared/data, or skip the test with the reason."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared/data is beside the checkout only in CI and dev)")
    return path


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Start the slow, browser and Spark tests first, keeping the order within each group.

    `make test` runs `pytest -n 3 --dist loadfile --no-loadscope-reorder`: each test file
    goes to one worker (its module-scoped fixtures, a case built or a chain run, are made
    once, not once per worker), in the order of its first test here. Started first, the
    files with minute-long tests run side by side instead of leaving one worker alone at
    the end. Every worker sorts the same collection the same way, as xdist requires.
    """
    heavy = ("slow", "browser", "spark")
    items.sort(key=lambda item: not any(item.get_closest_marker(m) for m in heavy))
    if os.environ.get(DATABASE_ONLY) == "1":
        kept = [item for item in items if _asks_the_database(item)]
        if len(kept) < len(items):
            config.hook.pytest_deselected(items=[i for i in items if not _asks_the_database(i)])
            items[:] = kept


#: Set by `make test-postgres`: run only the tests that ask the suite's database. A test
#: that never opens it (plain Python, a `dadkhah` subprocess on its own SQLite case, a
#: parser) gives the same answer whatever DATABASE_URL says, and the SQLite run has run it.
DATABASE_ONLY = "DADKHAH_TESTS_DATABASE_ONLY"
_DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
        "django_db_setup",
    }
)


def _asks_the_database(item: pytest.Item) -> bool:
    """Whether ``item`` uses the test database (pytest-django's marker or fixtures), or is
    marked ``postgres`` (it reaches PostgreSQL itself, through DATABASE_URL)."""
    if item.get_closest_marker("django_db") or item.get_closest_marker("postgres"):
        return True
    return bool(_DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """On PostgreSQL, create each test database from a migrated template (tests/pg_template.py).

    pytest-django's own fixture gives each xdist worker its database name; this keeps that
    and adds the template, so that a worker copies a migrated database instead of migrating.
    """
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        return
    from tests.pg_template import migrated_template

    db.setdefault("TEST", {})["TEMPLATE"] = migrated_template(db)


@pytest.fixture(autouse=True)
def _language_reset() -> Iterator[None]:
    """End each test in the settings' language, so that the next one starts there.

    A request in Persian leaves its thread in Persian (LocaleMiddleware activates a
    language and nothing deactivates it), and the test client serves requests in the
    test's own thread: without this, a test's words depended on the test before it.
    """
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _vocabularies_as_migrated(request: pytest.FixtureRequest) -> None:
    """Give a test's database the vocabularies that migration edits/0002 seeds.

    A transactional test (the browser tests, live servers) ends with a flush that empties
    every table, the seeded vocabularies too, and the next test on that worker would find
    none; a case's database is migrated once and never flushed. The migration's own seed
    function puts them back, so the rows are the ones a new case gets.
    """
    if request.node.get_closest_marker("django_db") is None and (
        "_django_db_helper" not in request.fixturenames
    ):
        return
    request.getfixturevalue("_django_db_helper")
    vocabularies_seed_if_missing()


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    from dadkhah.core.case import init_case

    root = tmp_path / "case"
    init_case(root, name="Test case")
    return root


# Argon2 as configured costs about a second a hash on a shared CI core; the suite hashes
# hundreds of passwords. Tests use a fast hasher, and
# tests/web/accounts/test_passwords.py proves the production settings hash with Argon2.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_password_hashing() -> Iterator[None]:
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        yield


def _uses_database(request: pytest.FixtureRequest) -> tuple[bool, bool]:
    """(uses the database, in transactional mode) for the test asking."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    transactional = bool(marker is not None and marker.kwargs.get("transaction")) or bool(
        names & {"transactional_db", "live_server", "django_db_reset_sequences"}
    )
    return marker is not None or bool(names & {"db"}) or transactional, transactional


@pytest.fixture(autouse=True)
def _append_only_custody_log(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every database test runs with the custody log's append-only triggers in place.

    A transactional test ends with a flush (DELETE, or TRUNCATE on PostgreSQL),
    which the triggers rightly refuse: drop them just before it. The next test
    puts them back (the statements are idempotent), inside its own transaction
    when it has one.
    """
    uses_db, transactional = _uses_database(request)
    if not uses_db:
        yield
        return
    request.getfixturevalue("_django_db_helper")
    custody_triggers_create()
    yield
    if transactional:
        from django.db import connection

        from dadkhah.web.custody import triggers

        with connection.cursor() as cur:
            for sql in triggers.drop_sql(connection.vendor):
                cur.execute(sql)


# Fuzz profiles for tests/fuzz (tests/fuzz/__init__.py picks one): few examples in the
# ordinary run, thousands under `make fuzz` (HYPOTHESIS_PROFILE=fuzz). Registering a
# profile loads nothing, so every other Hypothesis test keeps its own settings.
def _register_fuzz_profiles() -> None:
    from datetime import timedelta

    from hypothesis import HealthCheck, settings

    quiet = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
    # A deadline turns a hang (or a quadratic blow-up) into a failure with its input.
    settings.register_profile(
        "fuzz-short", max_examples=30, deadline=timedelta(seconds=5), suppress_health_check=quiet
    )
    settings.register_profile(
        "fuzz", max_examples=3000, deadline=timedelta(seconds=5), suppress_health_check=quiet
    )


_register_fuzz_profiles()
