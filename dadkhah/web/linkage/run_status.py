"""Which linkage runs are still running, and which were interrupted without a word.

A run that raises (an error, Ctrl-C, SIGTERM in the CLI) is marked ``failed`` by the
service that started it. A process that is killed outright (SIGKILL, out of memory,
the machine stopping) can mark nothing, so every run records the host and process id
that runs it, and the next run, or a listing, marks a ``running`` run whose process is
gone ``interrupted``. Only runs of this host are judged: another host's process cannot
be seen from here. A process id reused by an unrelated process keeps a dead run
``running`` (the safe direction: nothing is marked that might still be working).
"""

from __future__ import annotations

import os
import socket

from django.utils import timezone

from dadkhah.web.linkage.models import LinkRun


def this_process() -> tuple[str, int]:
    """(host name, process id) recorded on a run this process starts."""
    return socket.gethostname()[:255], os.getpid()


def process_alive(pid: int) -> bool:
    """Whether a process with this id exists on this host (POSIX kill with signal 0)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, but belongs to another user
        return True
    return True


def link_runs_mark_interrupted() -> list[int]:
    """Mark ``interrupted`` every running run of this host whose process has ended.

    Returns:
        The ids of the runs marked.
    """
    host, me = this_process()
    marked: list[int] = []
    running = LinkRun.objects.filter(status=LinkRun.Status.RUNNING, host=host, pid__isnull=False)
    for run_id, pid in running.values_list("id", "pid"):
        if pid is None or pid == me or process_alive(pid):  # None: never (pid__isnull=False)
            continue
        updated = LinkRun.objects.filter(pk=run_id, status=LinkRun.Status.RUNNING).update(
            status=LinkRun.Status.INTERRUPTED,
            finished_at=timezone.now(),
            error=f"interrupted: process {pid} on {host} ended before the run finished "
            "(killed, out of memory or the machine stopped); run `dadkhah link` again.",
        )
        if updated:
            marked.append(run_id)
    return marked
