"""A throw-away PostgreSQL server that a test or benchmark owns, and may kill and restart.

The shared server on 127.0.0.1:5432 must never be stopped by a test, yet the promises that
matter most in production (a broadcast that survives a database outage without re-sending to
everyone) can only be shown by taking PostgreSQL away mid-run. So this builds a private
cluster with the server's own tools (``initdb``, ``pg_ctl`` from /usr/lib/postgresql/*/bin,
or ``PG_BIN``) on a free port, with trust authentication on 127.0.0.1 only:

    cluster = PgCluster.create(tmp_path)      # initdb: a second or two
    cluster.start()                           # or: await cluster.astart()
    url = cluster.url                         # postgresql://postgres@127.0.0.1:PORT/postgres
    await cluster.akill()                     # an immediate shutdown, like a crash
    await cluster.astart()                    # back, after crash recovery
    cluster.destroy()                         # stop it and remove its files

``akill`` is ``pg_ctl stop -m immediate``: every backend exits at once without a checkpoint,
so open connections break mid-statement and new ones are refused, exactly as when a database
host dies; the next start runs crash recovery, so nothing committed is lost. (SIGKILL of the
postmaster would leave its backends running for a moment and can block the restart.)

PostgreSQL refuses to run as root, so when this process is root the cluster runs as the
``postgres`` account through ``runuser``, in a directory of its own under the system temp
folder (pytest's folders for root are closed to other users). The async methods run the tools
without blocking the event loop, so a broadcast in the same loop keeps running through the
outage, as it would against a real server.
"""

from __future__ import annotations

import asyncio
import contextlib
import getpass
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

__all__ = ["PgCluster", "PgClusterError", "find_bin_dir"]

_START_TIMEOUT = 60  # seconds pg_ctl waits for the server (crash recovery on a busy machine)
_RUN_AS = "postgres"  # the account the server runs as when this process is root


class PgClusterError(RuntimeError):
    """The cluster could not be made or started; the message says which step and why."""


def find_bin_dir() -> Path:
    """The newest PostgreSQL server binaries: ``PG_BIN``, or /usr/lib/postgresql/<v>/bin."""
    explicit = os.environ.get("PG_BIN")
    candidates = [Path(explicit)] if explicit else sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0, reverse=True)
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    raise PgClusterError("no PostgreSQL server binaries (initdb, pg_ctl) found in "
                         "/usr/lib/postgresql/*/bin; install the server package or set PG_BIN")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgCluster:
    """One private cluster: its binaries, data folder, port and the account it runs as."""

    def __init__(self, bin_dir: Path, root: Path, port: int, run_as: str | None) -> None:
        """Describe an existing cluster; use :meth:`create` to make one."""
        self.bin_dir = bin_dir
        self.root = root  # holds data/ and the server log; removed by destroy()
        self.port = port
        self.run_as = run_as  # None: runs as this process's user

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def log_file(self) -> Path:
        return self.root / "server.log"

    @property
    def url(self) -> str:
        """URL of the default database, as the bot's DATABASE_URL accepts it."""
        return self.database_url("postgres")

    def database_url(self, name: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    @classmethod
    def create(cls, base: Path | None = None) -> PgCluster:
        """initdb a new cluster in a new folder under ``base`` (a temp folder when root).

        Raises :class:`PgClusterError` with initdb's own output when it cannot be made.
        """
        bin_dir = find_bin_dir()
        run_as: str | None = None
        if os.geteuid() == 0:
            run_as = _RUN_AS
            try:
                account = pwd.getpwnam(run_as)
            except KeyError:
                raise PgClusterError(f"running as root and there is no {run_as!r} account "
                                     "to run PostgreSQL as") from None
            if shutil.which("runuser") is None:
                raise PgClusterError("running as root and runuser is missing")
            root = Path(tempfile.mkdtemp(prefix="pgcluster-"))
            os.chown(root, account.pw_uid, account.pw_gid)
        else:
            parent = base if base is not None else Path(tempfile.gettempdir())
            parent.mkdir(parents=True, exist_ok=True)
            root = Path(tempfile.mkdtemp(prefix="pgcluster-", dir=parent))
        cluster = cls(bin_dir, root, _free_port(), run_as)
        try:
            cluster._check(cluster._run_sync(cluster._initdb_args()), "initdb")
            cluster._configure()
        except BaseException:
            shutil.rmtree(root, ignore_errors=True)
            raise
        return cluster

    # -- commands --------------------------------------------------------------------------

    def _command(self, tool: str, *args: str) -> list[str]:
        argv = [str(self.bin_dir / tool), *args]
        if self.run_as is not None and self.run_as != getpass.getuser():
            argv = ["runuser", "-u", self.run_as, "--", *argv]
        return argv

    def _initdb_args(self) -> list[str]:
        # -U postgres: the same superuser name whoever runs it; --no-sync: nothing here must
        # survive a power cut, and it halves the time.
        return self._command("initdb", "-D", str(self.data_dir), "-A", "trust", "-U",
                             "postgres", "-E", "UTF8", "--no-sync", "--no-instructions")

    def _start_args(self) -> list[str]:
        return self._command("pg_ctl", "-D", str(self.data_dir), "-l", str(self.log_file),
                             "-w", "-t", str(_START_TIMEOUT), "start")

    def _stop_args(self, mode: str) -> list[str]:
        return self._command("pg_ctl", "-D", str(self.data_dir), "-w", "-t",
                             str(_START_TIMEOUT), "-m", mode, "stop")

    def _configure(self) -> None:
        """Listen on 127.0.0.1:port only, socket in the cluster's own folder, tuned for tests."""
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(self.port),
            "unix_socket_directories": f"'{self.root}'",
            "max_connections": "40",
            "shared_buffers": "16MB",
            "fsync": "off",  # a process crash (what akill is) loses nothing without it
            "full_page_writes": "off",
            "logging_collector": "off",
        }
        conf = self.data_dir / "postgresql.conf"
        with conf.open("a", encoding="utf-8") as f:
            f.write("\n# bot.testing.pgcluster\n")
            for key, value in settings.items():
                f.write(f"{key} = {value}\n")

    def _run_sync(self, argv: Sequence[str]) -> subprocess.CompletedProcess[str]:
        try:
            return subprocess.run(argv, capture_output=True, text=True, check=False,
                                  timeout=_START_TIMEOUT + 30)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PgClusterError(f"{Path(argv[0]).name} could not run: {exc}") from exc

    async def _run(self, argv: Sequence[str]) -> subprocess.CompletedProcess[str]:
        try:
            proc = await asyncio.create_subprocess_exec(
                *argv, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
            out, err = await asyncio.wait_for(proc.communicate(), _START_TIMEOUT + 30)
        except (OSError, TimeoutError) as exc:
            raise PgClusterError(f"{Path(argv[0]).name} could not run: {exc}") from exc
        assert proc.returncode is not None
        return subprocess.CompletedProcess(list(argv), proc.returncode, out.decode(),
                                           err.decode())

    def _check(self, done: subprocess.CompletedProcess[str], step: str) -> None:
        if done.returncode != 0:
            log = ""
            with contextlib.suppress(OSError):
                log = self.log_file.read_text(encoding="utf-8", errors="replace")[-2000:]
            raise PgClusterError(f"{step} failed ({done.returncode}): "
                                 f"{(done.stdout + done.stderr).strip()[-2000:]}\n{log}".strip())

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        """Whether a server holds this cluster's data folder (its postmaster.pid exists)."""
        return (self.data_dir / "postmaster.pid").exists()

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        self._check(self._run_sync(self._start_args()), "pg_ctl start")

    async def astart(self) -> None:
        """:meth:`start` without blocking the event loop."""
        self._check(await self._run(self._start_args()), "pg_ctl start")

    def stop(self) -> None:
        """A clean, fast shutdown (open connections are closed)."""
        if self.running:
            self._check(self._run_sync(self._stop_args("fast")), "pg_ctl stop")

    async def akill(self) -> None:
        """Take the server away at once, like a crash, without blocking the event loop."""
        self._check(await self._run(self._stop_args("immediate")), "pg_ctl stop -m immediate")

    def kill(self) -> None:
        """:meth:`akill`, blocking."""
        self._check(self._run_sync(self._stop_args("immediate")), "pg_ctl stop -m immediate")

    def destroy(self) -> None:
        """Stop the server (if running) and remove every file of the cluster."""
        try:
            if self.running:
                self._run_sync(self._stop_args("immediate"))
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
