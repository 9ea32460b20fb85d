"""The case folder: one investigation's settings, database, evidence store and keys.

A case is a directory::

    case.toml        name, default language, calendar, time zone
    case.sqlite3     the database (unless DATABASE_URL points at PostgreSQL)
    evidence/        the content-addressed evidence store
    keys/            signing and vault keys (mode 0700)
"""

from __future__ import annotations

import os
import secrets
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import tomli_w

from dadkhah.core.errors import CaseError

CASE_FILE = "case.toml"
DATABASE_FILE = "case.sqlite3"
EVIDENCE_DIR = "evidence"
KEYS_DIR = "keys"
SECRET_KEY_FILE = "django-secret"  # noqa: S105 (a file name, not a secret)

LANGUAGES = ("fa", "en")
CALENDARS = ("jalali", "gregorian")


@dataclass(frozen=True)
class CaseConfig:
    """What `case.toml` says about a case."""

    name: str
    language: str = "fa"
    calendar: str = "jalali"
    time_zone: str = "Asia/Tehran"
    synthetic: bool = False
    extra: dict[str, object] = field(default_factory=dict)

    def validate(self) -> None:
        """Raise CaseError when a setting cannot be used."""
        if not self.name.strip():
            raise CaseError("case.toml: 'name' is empty; give the case a name.")
        if self.language not in LANGUAGES:
            raise CaseError(
                f"case.toml: language {self.language!r} is not one of {', '.join(LANGUAGES)}."
            )
        if self.calendar not in CALENDARS:
            raise CaseError(
                f"case.toml: calendar {self.calendar!r} is not one of {', '.join(CALENDARS)}."
            )
        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise CaseError(
                f"case.toml: time_zone {self.time_zone!r} is not a known IANA zone "
                "(for example Asia/Tehran or UTC)."
            ) from exc


@dataclass(frozen=True)
class Case:
    """An opened case folder."""

    root: Path
    config: CaseConfig

    @property
    def database_path(self) -> Path:
        return self.root / DATABASE_FILE

    @property
    def evidence_dir(self) -> Path:
        return self.root / EVIDENCE_DIR

    @property
    def keys_dir(self) -> Path:
        return self.root / KEYS_DIR

    def secret_key(self) -> str:
        """The web app's secret key, made once per case and kept in keys/."""
        path = self.keys_dir / SECRET_KEY_FILE
        if not path.exists():
            _write_private(path, secrets.token_urlsafe(50))
        return path.read_text(encoding="utf-8").strip()


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


def init_case(
    root: Path,
    *,
    name: str | None = None,
    language: str = "fa",
    calendar: str = "jalali",
    time_zone: str = "Asia/Tehran",
    synthetic: bool = False,
) -> Case:
    """Create a case folder (it may exist, but must not already hold a case)."""
    root = Path(root)
    if (root / CASE_FILE).exists():
        raise CaseError(f"{root} already holds a case ({CASE_FILE} exists); choose another folder.")
    if root.exists() and not root.is_dir():
        raise CaseError(f"{root} exists and is not a folder.")
    config = CaseConfig(
        name=name if name is not None else root.resolve().name,
        language=language,
        calendar=calendar,
        time_zone=time_zone,
        synthetic=synthetic,
    )
    config.validate()
    root.mkdir(parents=True, exist_ok=True)
    (root / EVIDENCE_DIR).mkdir(exist_ok=True)
    keys = root / KEYS_DIR
    keys.mkdir(mode=0o700, exist_ok=True)
    os.chmod(keys, 0o700)  # mkdir's mode is masked by the umask
    data = {k: v for k, v in asdict(config).items() if k != "extra"}
    (root / CASE_FILE).write_text(tomli_w.dumps(data), encoding="utf-8")
    case = Case(root=root, config=config)
    case.secret_key()
    # The custody signing key, made with the case: before, it came with the first write,
    # and `verify` of a new case refused for want of its public key.
    from dadkhah.core.custody.keys import load_case_signer

    load_case_signer(keys)
    return case


def open_case(root: Path | str) -> Case:
    """Open an existing case folder, or raise CaseError saying what is missing."""
    root = Path(root)
    path = root / CASE_FILE
    if not path.exists():
        raise CaseError(
            f"{root} is not a case folder (no {CASE_FILE}); create one with `dadkhah init {root}`."
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CaseError(f"{path}: not valid TOML ({exc}); fix or recreate the file.") from exc
    known = {"name", "language", "calendar", "time_zone", "synthetic"}
    config = CaseConfig(
        name=str(data.get("name", root.resolve().name)),
        language=str(data.get("language", "fa")),
        calendar=str(data.get("calendar", "jalali")),
        time_zone=str(data.get("time_zone", "Asia/Tehran")),
        synthetic=bool(data.get("synthetic", False)),
        extra={k: v for k, v in data.items() if k not in known},
    )
    config.validate()
    for sub in (EVIDENCE_DIR, KEYS_DIR):
        if not (root / sub).is_dir():
            raise CaseError(f"{root / sub} is missing; the case folder is incomplete.")
    return Case(root=root, config=config)
