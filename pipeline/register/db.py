"""Opening a register: where it is, the engine, schema migrations and errors.

A register is named by a path (an SQLite file) or an SQLAlchemy URL
(``sqlite:///...``, ``postgresql+psycopg://user@host/db``). ``open_engine``
creates an SQLite file on first use, brings any register up to the newest
schema version with Alembic, and refuses a register made by a newer cutri.
Every failure becomes a ``RegisterError`` with one Vietnamese line; a failed
open or write leaves the register as it was (each change is one transaction).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from sqlalchemy import create_engine, event, func, inspect, select
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError, SQLAlchemyError

from ..config import Config
from ..errors import CutriError

MIGRATIONS = Path(__file__).parent / "migrations"
DEFAULT_FILE = "register.sqlite"
SQLITE_MAGIC = b"SQLite format 3\x00"
# writers of one PostgreSQL register queue on this advisory lock (one transaction at a time)
PG_LOCK_KEY = 2150021


class RegisterError(CutriError):
    """The register cannot be opened, read or written."""


def default_location(cfg: Config) -> Path:
    """The default register: an SQLite file beside the model store (``Config.store_path``)."""
    return cfg.store_path() / DEFAULT_FILE


def resolve_url(target: str | Path | None, cfg: Config) -> str:
    """SQLAlchemy URL of ``target`` (path or URL), else ``[register] url``, else the default file."""
    target = str(target) if target not in (None, "") else (cfg.register.url or "")
    if not target:
        target = str(default_location(cfg))
    if "://" in target:
        return target
    return "sqlite:///" + str(Path(target).expanduser().resolve())


def describe(url: str) -> str:
    """The register's location for messages, without a password."""
    try:
        u = make_url(url)
    except ArgumentError:
        return url
    if u.get_backend_name() == "sqlite":
        return u.database or ":memory:"
    return u.render_as_string(hide_password=True)


def _alembic_config(connection: Connection):
    from alembic.config import Config as AlembicConfig

    ac = AlembicConfig()
    ac.set_main_option("script_location", str(MIGRATIONS))
    ac.attributes["connection"] = connection
    return ac


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    from alembic.config import Config as AlembicConfig

    ac = AlembicConfig()
    ac.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(ac).get_current_head()


def known_revisions() -> set[str]:
    from alembic.config import Config as AlembicConfig
    from alembic.script import ScriptDirectory

    ac = AlembicConfig()
    ac.set_main_option("script_location", str(MIGRATIONS))
    return {s.revision for s in ScriptDirectory.from_config(ac).walk_revisions()}


def current_revision(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def _sqlite_setup(engine: Engine, timeout: float) -> None:
    """Foreign keys on, a busy timeout, and writers that take the write lock at BEGIN.

    ``BEGIN IMMEDIATE`` makes a second writer wait (up to the timeout) at the start of its
    transaction instead of failing half-way, when it would first read and then write.
    """

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # SQLAlchemy's "begin" event below opens transactions
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _check_sqlite_file(path: Path) -> None:
    if path.is_dir():
        raise RegisterError(f"Sổ theo dõi kiến nghị {path} là một thư mục, không phải tệp cơ sở dữ liệu.")
    if path.exists() and path.stat().st_size > 0:
        with open(path, "rb") as fh:
            head = fh.read(16)
        if head != SQLITE_MAGIC:
            raise RegisterError(f"Tệp {path} không phải là sổ theo dõi kiến nghị (không phải cơ sở dữ liệu SQLite).")


def make_engine(url: str, cfg: Config) -> Engine:
    """An engine for ``url``; the SQLite file's folder is created when missing."""
    try:
        u = make_url(url)
    except ArgumentError:
        raise RegisterError(f"Địa chỉ sổ theo dõi kiến nghị không hợp lệ: {url}") from None
    timeout = float(cfg.register.busy_timeout)
    backend = u.get_backend_name()
    if backend == "sqlite":
        if not u.database or u.database == ":memory:":
            raise RegisterError("Sổ theo dõi kiến nghị phải là một tệp hoặc một máy chủ cơ sở dữ liệu.")
        path = Path(u.database)
        _check_sqlite_file(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RegisterError(f"Không tạo được thư mục của sổ theo dõi kiến nghị {path.parent}: {exc.strerror}.") from None
        engine = create_engine(u, connect_args={"timeout": timeout})
        _sqlite_setup(engine, timeout)
        return engine
    if backend == "postgresql":
        try:
            return create_engine(u, connect_args={"connect_timeout": max(int(timeout), 1)}, pool_pre_ping=True)
        except (ArgumentError, ImportError) as exc:
            raise RegisterError(f"Không dùng được sổ theo dõi kiến nghị {describe(url)}: {exc}") from None
    raise RegisterError(
        f"Sổ theo dõi kiến nghị chỉ dùng SQLite hoặc PostgreSQL, không dùng được '{backend}': {describe(url)}"
    )


def lock_for_write(conn: Connection) -> None:
    """Serialize writers: PostgreSQL queues on an advisory lock (SQLite did so at BEGIN IMMEDIATE)."""
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(PG_LOCK_KEY)))


def translate(exc: BaseException, url: str) -> RegisterError:
    """One Vietnamese line for a database error met while using the register ``url``."""
    where = describe(url)
    text = str(getattr(exc, "orig", exc) or exc).lower()
    if "locked" in text or "busy" in text or "lock timeout" in text or "could not obtain lock" in text:
        return RegisterError(
            f"Sổ theo dõi kiến nghị {where} đang bận (một lần chạy khác đang ghi vào sổ); hãy chờ lần chạy đó xong rồi chạy lại."
        )
    if "not a database" in text or "file is encrypted" in text or "malformed" in text:
        return RegisterError(f"Tệp {where} không phải là sổ theo dõi kiến nghị hoặc đã hỏng.")
    if isinstance(exc, OperationalError) and ("connect" in text or "connection" in text or "resolve" in text
                                              or "timeout" in text or "refused" in text):
        return RegisterError(f"Không kết nối được tới sổ theo dõi kiến nghị {where}; kiểm tra địa chỉ máy chủ và mạng.")
    if "unable to open database" in text or "readonly" in text or "read-only" in text:
        return RegisterError(f"Không mở hoặc không ghi được sổ theo dõi kiến nghị {where}: kiểm tra quyền với tệp.")
    return RegisterError(f"Lỗi cơ sở dữ liệu ở sổ theo dõi kiến nghị {where}: {str(getattr(exc, 'orig', exc)).splitlines()[0]}")


@contextlib.contextmanager
def errors_as_register_errors(url: str):
    try:
        yield
    except RegisterError:
        raise
    except (SQLAlchemyError, OSError) as exc:
        raise translate(exc, url) from None


def migrate(engine: Engine, url: str) -> str:
    """Bring the register's schema to the newest version; returns it.

    Refuses (RegisterError, nothing changed) a register whose version this cutri does not
    know: it was made by a newer cutri. The check and the upgrade run in one write
    transaction, so two runs opening a new register at once create it once.
    """
    from alembic import command

    head = head_revision()
    with errors_as_register_errors(url):
        with engine.begin() as conn:
            lock_for_write(conn)
            rev = current_revision(conn)
            if rev is not None and rev not in known_revisions():
                raise RegisterError(
                    f"Sổ theo dõi kiến nghị {describe(url)} được tạo bởi phiên bản cutri mới hơn (lược đồ {rev}); "
                    "hãy cập nhật cutri trước khi dùng sổ này."
                )
            if rev is None:
                names = set(inspect(conn).get_table_names())
                if names and "rounds" not in names:
                    raise RegisterError(
                        f"Cơ sở dữ liệu {describe(url)} không phải là sổ theo dõi kiến nghị (có các bảng khác)."
                    )
            if rev != head:
                command.upgrade(_alembic_config(conn), "head")
    return head


def open_engine(target: str | Path | None, cfg: Config) -> tuple[Engine, str]:
    """(engine, url) of the register named by ``target`` or the config, migrated to the newest schema."""
    url = resolve_url(target, cfg)
    engine = make_engine(url, cfg)
    try:
        migrate(engine, url)
    except BaseException:
        engine.dispose()
        raise
    return engine, url
