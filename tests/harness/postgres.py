"""Run a command against a throwaway PostgreSQL server.

    python -m tests.harness.postgres pytest -q

Makes a cluster with initdb in a temporary directory, starts it on a unix socket only (no
TCP port to collide with), exports DATABASE_URL for the command, and removes everything
afterwards. PostgreSQL refuses to run as root, so as root the cluster belongs to the
``postgres`` system user and its commands run through ``runuser``. Exits non-zero when the
server cannot start: a PostgreSQL run that silently fell back to SQLite would prove nothing.

``start_server``, ``restart_server`` and ``stop_server`` are also what the fault tests use
to run (and restart) a server of their own (tests/faults).
"""

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote


class HarnessError(RuntimeError):
    pass


def _find_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    raise HarnessError(f"postgres harness: {name} not found (install the postgresql package)")


def _as_owner(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@dataclass(frozen=True)
class Server:
    base: Path

    @property
    def data(self) -> Path:
        return self.base / "data"

    @property
    def sockets(self) -> Path:
        return self.base / "run"

    @property
    def log(self) -> Path:
        return self.base / "server.log"

    def url(self, database: str = "dienhinh") -> str:
        return f"postgres://postgres@{quote(str(self.sockets), safe='')}/{database}"


def _pg_ctl(server: Server, *args: str) -> None:
    options = (
        f"-k {server.sockets} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
        "-c full_page_writes=off -c max_connections=100"
    )
    subprocess.run(
        _as_owner(
            [
                _find_bin("pg_ctl"),
                "-D",
                str(server.data),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "-l",
                str(server.log),
                *args,
            ]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def start_server(database: str = "dienhinh") -> Server:
    """A new cluster in a temporary folder, started, with an empty ``database``."""
    server = Server(Path(tempfile.mkdtemp(prefix="dh-pg-")))
    server.sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(server.base, "postgres")
        shutil.chown(server.sockets, "postgres")
    try:
        subprocess.run(
            _as_owner(
                [
                    _find_bin("initdb"),
                    "-D",
                    str(server.data),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                    "--no-sync",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        _pg_ctl(server, "start")
        # The database the URL names, for commands that use it directly (benchmarks); the
        # test runner makes its own test_ database next to it.
        subprocess.run(
            _as_owner(
                [_find_bin("createdb"), "-h", str(server.sockets), "-U", "postgres", database]
            ),
            check=True,
        )
    except subprocess.CalledProcessError as exc:
        log = server.log.read_text(errors="replace") if server.log.exists() else ""
        stop_server(server)
        raise HarnessError(f"postgres harness: PostgreSQL could not start ({exc})\n{log}") from exc
    return server


def restart_server(server: Server) -> None:
    """``pg_ctl restart -m fast``: open connections are ended (admin shutdown), new ones are
    refused until the server is back."""
    _pg_ctl(server, "-m", "fast", "restart")


def stop_server(server: Server) -> None:
    subprocess.run(
        _as_owner([_find_bin("pg_ctl"), "-D", str(server.data), "-m", "immediate", "stop"]),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    shutil.rmtree(server.base, ignore_errors=True)


def main(argv: list[str]) -> int:
    if not argv:
        sys.exit("usage: python -m tests.harness.postgres COMMAND [ARGS...]")
    try:
        server = start_server()
    except HarnessError as exc:
        sys.exit(str(exc))
    env = dict(os.environ)
    env["DATABASE_URL"] = server.url()
    env["DIENHINH_TEST_DATABASE"] = "postgresql"
    try:
        return subprocess.call(argv, env=env)
    finally:
        stop_server(server)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
