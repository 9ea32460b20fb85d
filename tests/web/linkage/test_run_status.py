"""A linkage run never stays "running" after its process is gone."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from dadkhah.web.linkage.models import LinkRun
from dadkhah.web.linkage.run_status import link_runs_mark_interrupted, this_process
from dadkhah.web.linkage.services import link_run
from tests.web.linkage.conftest import LinkedCase, linked_small_case

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def linked(django_db_setup: None, django_db_blocker: Any) -> Iterator[LinkedCase]:
    """The small case linked once (its model trained); each test's writes roll back.

    The runs here reuse that model: what they check (the run's process, its end) does not
    depend on training, which costs several times a run that reuses the model.
    """
    with linked_small_case(django_db_blocker) as case:
        yield case


def dead_pid() -> int:
    """The id of a process that has just ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def running_run(*, host: str | None = None, pid: int | None) -> LinkRun:
    return LinkRun.objects.create(
        status=LinkRun.Status.RUNNING,
        started_at=timezone.now(),
        host=this_process()[0] if host is None else host,
        pid=pid,
    )


class StopAfter:
    """A progress callback that raises ``exc`` at its ``n``th line, as Ctrl-C would."""

    def __init__(self, n: int, exc: BaseException) -> None:
        self.n, self.exc = n, exc

    def __call__(self, _line: str) -> None:
        self.n -= 1
        if self.n == 0:
            raise self.exc


@pytest.mark.parametrize("exc", [KeyboardInterrupt(), SystemExit(143), RuntimeError("disk full")])
def test_a_run_stopped_by_an_exception_is_marked_failed_with_its_cause(
    linked: LinkedCase, exc: BaseException
) -> None:
    with pytest.raises(type(exc)):
        link_run(reuse_model=True, started_by="t", echo=StopAfter(2, exc))
    run = LinkRun.objects.exclude(pk=linked.run.pk).get()
    assert run.status == LinkRun.Status.FAILED
    assert run.finished_at is not None
    assert run.error in ("KeyboardInterrupt", "143", "disk full")


def test_a_run_records_the_process_that_runs_it(linked: LinkedCase) -> None:
    run = link_run(reuse_model=True, started_by="t")
    assert (run.host, run.pid) == this_process()
    assert run.status == LinkRun.Status.FINISHED


def test_a_running_run_whose_process_is_gone_is_marked_interrupted() -> None:
    gone = running_run(pid=dead_pid())
    alive = running_run(pid=this_process()[1])
    elsewhere = running_run(host="another-host.example", pid=dead_pid())
    unknown = running_run(pid=None)  # made before runs recorded their process
    assert link_runs_mark_interrupted() == [gone.pk]
    gone.refresh_from_db()
    assert gone.status == LinkRun.Status.INTERRUPTED and gone.finished_at is not None
    assert f"process {gone.pid}" in gone.error and "dadkhah link" in gone.error
    for run in (alive, elsewhere, unknown):
        run.refresh_from_db()
        assert run.status == LinkRun.Status.RUNNING
    assert link_runs_mark_interrupted() == []


def test_the_next_run_marks_a_killed_run_interrupted(linked: LinkedCase) -> None:
    killed = running_run(pid=dead_pid())
    link_run(reuse_model=True, started_by="t")
    killed.refresh_from_db()
    assert killed.status == LinkRun.Status.INTERRUPTED
