"""Load test: 16 concurrent clients against the served app on a large synthetic case.

Issue 13's target: on a case of 100,000 persons (`dadkhah synth`, imported and linked
as an investigator would, search index rebuilt), the app served by waitress as
`dadkhah serve` serves it (its 8 threads) answers 16 concurrent signed-in clients with
p95 ≤ 200 ms for a search by name, a faceted search (a name and a city or affiliation),
the person page of a random person and the map's data, on SQLite and on PostgreSQL.

The case is built once and kept under .bench/ (git-ignored): later runs reuse it, which
saves the import and the linkage. Each client is a thread with its own keep-alive
connection (http.client) and the session cookie of one sign-in (password, then a real
TOTP code, as a user signs in). Each endpoint gets its own phase: 16 clients, then one
client for comparison. Search queries are names from the case's records in both scripts.

The machine's load average at run time is in each row's note: the numbers are only as
good as the CPUs the server got.

Run alone: `python -m bench.bench_load [--persons 100000] [--requests 480] [--quick]`;
`--database-url postgres://…/h_load` runs it on PostgreSQL (its own case folder).
`make bench` runs SQLite, and PostgreSQL too when BENCH_LOAD_DATABASE_URL is set.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

CLIENTS = 16
PASSWORD = "a long enough passphrase 42"  # noqa: S105 (a throwaway bench case)
TARGET = "p95 ≤ 0.2 s"
ENDPOINTS = ("search", "faceted search", "person page", "map data")


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _log(message: str) -> None:
    print(f"  [load] {message}", file=sys.stderr, flush=True)


def _backend(database_url: str | None) -> str:
    return "postgresql" if database_url and database_url.startswith("postgres") else "sqlite"


# -- the case ------------------------------------------------------------------------


def build_case(folder: Path, persons: int, seed: int = 1988) -> Any:
    """Open the case in ``folder``, building it first when no former run finished it."""
    from dadkhah.cli.context import setup_django
    from dadkhah.core.case import init_case, open_case
    from dadkhah.core.synth import SynthParams, generate_case

    done = folder / "built.json"
    if done.exists():
        case = open_case(folder / "case")
        setup_django(case)
        _log(f"reusing {folder} ({done.read_text(encoding='utf-8').strip()})")
        return case
    folder.mkdir(parents=True, exist_ok=True)
    if (folder / "case").exists():
        raise SystemExit(f"{folder / 'case'} is half built by an interrupted run; remove it")
    steps: dict[str, float] = {}
    t = time.perf_counter()
    case = init_case(folder / "case", name="bench load", synthetic=True)
    setup_django(case)
    steps["init"] = time.perf_counter() - t
    _log(f"case initialised in {steps['init']:.1f} s; generating {persons:,} persons")
    from dadkhah.web.linkage.services import link_run
    from dadkhah.web.search.services import search_rebuild
    from dadkhah.web.sources.services import import_synthetic_lists

    t = time.perf_counter()
    generate_case(folder / "synthetic", SynthParams(persons=persons, seed=seed))
    steps["synth"] = time.perf_counter() - t
    _log(f"synth in {steps['synth']:.1f} s; importing")
    t = time.perf_counter()
    for report in import_synthetic_lists(case=case, synth_dir=folder / "synthetic"):
        _log(f"  imported {getattr(report, 'file', report)}")
    steps["import"] = time.perf_counter() - t
    _log(f"import in {steps['import']:.1f} s; linking")
    t = time.perf_counter()
    link_run(started_by="bench")
    steps["link"] = time.perf_counter() - t
    _log(f"linkage in {steps['link']:.1f} s; rebuilding the search index")
    t = time.perf_counter()
    search_rebuild()
    steps["search_rebuild"] = time.perf_counter() - t
    _log(f"search index in {steps['search_rebuild']:.1f} s")
    from django.db import connection

    if connection.vendor == "postgresql":
        # Statistics for the planner now, not when autovacuum gets to these tables: with
        # none, it estimated one person where there were 67,569.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    done.write_text(
        json.dumps({"persons": persons, "seconds": {k: round(v, 1) for k, v in steps.items()}}),
        encoding="utf-8",
    )
    return case


def bench_user() -> Any:
    """An admin with full clearance and an authenticator (enrolled before signing in)."""
    from django.contrib.auth import get_user_model

    from dadkhah.web.accounts.second_factor import confirmed_totp, totp_device_create_confirmed
    from dadkhah.web.accounts.services import user_create

    user = get_user_model().objects.filter(username="bench").first() or user_create(
        username="bench", password=PASSWORD, role="admin", clearance="strictly_confidential"
    )
    if confirmed_totp(user) is None:
        totp_device_create_confirmed(user=user)
    return user


def totp_code(user: Any) -> str:
    """A code the user's authenticator shows that the server has not accepted yet."""
    from django_otp.oath import TOTP

    from dadkhah.web.accounts.second_factor import confirmed_totp, totp_device_create_confirmed

    device = confirmed_totp(user) or totp_device_create_confirmed(user=user)
    device.refresh_from_db()
    for offset in range(device.tolerance + 1):
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time() + offset * device.step
        if totp.t() > device.last_t:
            return f"{totp.token():0{device.digits}d}"
    time.sleep(device.step)
    return totp_code(user)


def request_mix(seed: int, count: int) -> dict[str, list[str]]:
    """``count`` paths per endpoint, drawn from the case itself."""
    from dadkhah.web.people.models import Person
    from dadkhah.web.search.models import SearchFacet
    from dadkhah.web.sources.models import Record

    rng = random.Random(seed)
    names: list[str] = []
    for n in Record.objects.values_list("normalized", flat=True).order_by("?")[: 4 * count]:
        for given_key, family_key in (("given_name", "family_name"), ("given_fa", "family_fa")):
            given, family = n.get(given_key) or "", n.get(family_key) or ""
            if given and family:
                names.append([family, f"{given} {family}", given][len(names) % 3])
    rng.shuffle(names)
    facets = list(
        SearchFacet.objects.filter(facet__in=("city", "affiliation"), entry__kind="person")
        .order_by("?")
        .values_list("facet", "value", "entry__label")[:count]
    )
    people = list(
        Person.objects.filter(merged_into__isnull=True)
        .order_by("?")
        .values_list("public_id", flat=True)[:count]
    )
    q = urllib.parse.urlencode
    faceted = [
        f"/search/?{q({'q': label.split()[-1], facet: value})}"
        for facet, value, label in facets
        if label.split()
    ]
    maps = ["/places/map.json", "/places/map.json?state=bulldozed"]
    return {
        "search": [f"/search/?{q({'q': n})}" for n in names[:count]],
        "faceted search": faceted,
        "person page": [f"/people/{urllib.parse.quote(p)}/" for p in people],
        "map data": [maps[i % 2] for i in range(count)],
    }


# -- the server and its clients -------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(
    case_root: Path, port: int, env: dict[str, str], log: Any
) -> subprocess.Popen[bytes]:
    """`dadkhah --case … serve --port …`, the production server, in a child process.

    Its stderr (waitress's "Task queue depth" warnings under load) goes to ``log``.
    """
    code = "import sys; from dadkhah.cli.main import main; sys.exit(main())"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "--case", str(case_root), "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server stopped at start (exit {proc.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError("the server did not listen within 120 s")


class Session:
    """One keep-alive connection with a cookie jar."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None) -> None:
        self.port = port
        self.cookies = dict(cookies or {})
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Any:
        headers = {"Accept-Language": "en"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionError, BrokenPipeError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.headers, data

    def csrf(self, path: str) -> str:
        _status, _headers, body = self.request("GET", path)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        return match.group(1).decode() if match else ""


def sign_in(port: int, user: Any) -> dict[str, str]:
    """The cookies of a session signed in with the password and a TOTP code."""
    s = Session(port)
    form = {"username": user.username, "password": PASSWORD, "csrfmiddlewaretoken": ""}
    form["csrfmiddlewaretoken"] = s.csrf("/login/")
    status, headers, _ = s.request("POST", "/login/", form)
    if status != 302:
        raise RuntimeError(f"sign-in refused: {status}")
    token = s.csrf("/account/verify/")
    form = {"token": totp_code(user), "next": "/", "csrfmiddlewaretoken": token}
    status, headers, _ = s.request("POST", "/account/verify/", form)
    if status != 302 or headers.get("Location") != "/":
        raise RuntimeError(f"second factor refused: {status} {headers.get('Location')}")
    return s.cookies


def drive(port: int, cookies: dict[str, str], paths: list[str], clients: int) -> dict[str, Any]:
    """Send ``paths`` from ``clients`` threads; their latencies, errors and throughput."""
    lock = threading.Lock()
    todo = list(paths)
    times: list[float] = []
    errors: list[str] = []

    def worker() -> None:
        s = Session(port, cookies)
        while True:
            with lock:
                if not todo:
                    break
                path = todo.pop()
            t = time.perf_counter()
            try:
                status, _headers, _ = s.request("GET", path)
            except OSError as exc:
                status = repr(exc)
            elapsed = time.perf_counter() - t
            with lock:
                times.append(elapsed)
                if status != 200:
                    errors.append(f"{status} {path}")
        s.conn.close()

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    return {
        "p50": statistics.median(times),
        "p95": _pct(times, 0.95),
        "rps": len(times) / wall,
        "n": len(times),
        "errors": errors,
    }


# -- the bench --------------------------------------------------------------------------


def load_test(
    persons: int,
    requests: int,
    single: int,
    *,
    database_url: str | None = None,
    folder: Path | None = None,
    seed: int = 1988,
) -> list[dict[str, Any]]:
    backend = _backend(database_url)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    folder = folder or ROOT / ".bench" / f"load-{backend}-{persons}"
    case = build_case(folder, persons, seed)
    from dadkhah.web.people.models import Person
    from dadkhah.web.search.models import SearchEntry

    user = bench_user()
    mix = request_mix(seed, max(requests, single))
    size = (
        f"{persons:,} synth persons ({Person.objects.count():,} person rows, "
        f"{SearchEntry.objects.count():,} index entries), {backend}"
    )
    port = free_port()
    env = dict(os.environ)
    log = (folder / "server.log").open("ab")
    server = start_server(case.root, port, env, log)
    rows: list[dict[str, Any]] = []
    try:
        cookies = sign_in(port, user)
        # One pass to warm each view (imports, templates, the page cache of the DB).
        drive(port, cookies, [paths[0] for paths in mix.values()], 1)
        for endpoint in ENDPOINTS:
            paths = mix[endpoint]
            if not paths:
                rows.append({"what": f"load {endpoint}", "size": size, "note": "no paths"})
                continue
            many = drive(port, cookies, (paths * 2)[:requests], CLIENTS)
            one = drive(port, cookies, paths[:single], 1)
            load = os.getloadavg()
            _log(
                f"{endpoint}: {CLIENTS} clients p50 {many['p50']:.3f} p95 {many['p95']:.3f} "
                f"{many['rps']:.1f}/s; 1 client p50 {one['p50']:.3f} p95 {one['p95']:.3f}"
            )
            errors = many["errors"] + one["errors"]
            rows.append(
                {
                    "what": f"load {endpoint} p95, {CLIENTS} clients ({backend})",
                    "size": size,
                    "seconds": many["p95"],
                    "compared_with": "1 client p95",
                    "compared_seconds": one["p95"],
                    "target": TARGET,
                    "note": (
                        f"p50 {many['p50']:.3f} s ({CLIENTS} clients) vs {one['p50']:.3f} s "
                        f"(1); {many['rps']:.1f} req/s vs {one['rps']:.1f}; "
                        f"{many['n']}+{one['n']} requests; {len(errors)} not 200"
                        + (f" (first: {errors[0]})" if errors else "")
                        + f"; load avg {load[0]:.1f} on {os.cpu_count()} CPUs"
                    ),
                }
            )
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    return rows


def _in_child(args: list[str], env: dict[str, str]) -> list[dict[str, Any]]:
    """Run the bench in a fresh interpreter: Django is set up once per process."""
    out = subprocess.run(
        [sys.executable, "-m", "bench.bench_load", "--json-rows", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
    )
    rows: list[dict[str, Any]] = json.loads(out.stdout)
    return rows


def run(quick: bool = False) -> list[dict[str, Any]]:
    args = ["--quick"] if quick else []
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DADKHAH_CASE")}
    rows = _in_child(args, env)
    pg = os.environ.get("BENCH_LOAD_DATABASE_URL")
    if pg:
        rows += _in_child([*args, "--database-url", pg], env)
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=480, help="per endpoint, 16 clients")
    parser.add_argument("--single", type=int, default=60, help="per endpoint, one client")
    parser.add_argument("--quick", action="store_true", help="1,000 persons, few requests")
    parser.add_argument("--database-url", help="PostgreSQL database (default: SQLite)")
    parser.add_argument("--case", type=Path, help="the bench's folder (default under .bench/)")
    parser.add_argument("--json-rows", action="store_true", help="print the rows as JSON")
    parser.add_argument("--build-only", action="store_true", help="build the case, run nothing")
    args = parser.parse_args()
    if args.quick:
        args.persons, args.requests, args.single = 1_000, 64, 8
    if args.build_only:
        if args.database_url:
            os.environ["DATABASE_URL"] = args.database_url
        else:
            os.environ.pop("DATABASE_URL", None)
        backend = _backend(args.database_url)
        build_case(args.case or ROOT / ".bench" / f"load-{backend}-{args.persons}", args.persons)
        sys.exit(0)
    result = load_test(
        args.persons,
        args.requests,
        args.single,
        database_url=args.database_url,
        folder=args.case,
    )
    if args.json_rows:
        print(json.dumps(result, default=str))
    else:
        from bench.run import print_table

        print_table(result)
