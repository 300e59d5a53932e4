"""Run a command against a throwaway PostgreSQL server.

    python -m tests.harness.postgres pytest -q

Makes a cluster with initdb in a temporary directory, starts it on a unix socket only (no
TCP port to collide with), exports DATABASE_URL for the command, and removes everything
afterwards. PostgreSQL refuses to run as root, so as root the cluster belongs to the
``postgres`` system user and its commands run through ``runuser``. Exits non-zero when the
server cannot start: a PostgreSQL run that silently fell back to SQLite would prove nothing.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote


def _find_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    sys.exit(f"postgres harness: {name} not found (install the postgresql package)")


def _as_owner(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def main(argv: list[str]) -> int:
    if not argv:
        sys.exit("usage: python -m tests.harness.postgres COMMAND [ARGS...]")
    base = Path(tempfile.mkdtemp(prefix="dh-pg-"))
    data, sockets = base / "data", base / "run"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(sockets, "postgres")
    try:
        subprocess.run(
            _as_owner(
                [
                    _find_bin("initdb"),
                    "-D",
                    str(data),
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
        options = (
            f"-k {sockets} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=100"
        )
        subprocess.run(
            _as_owner(
                [
                    _find_bin("pg_ctl"),
                    "-D",
                    str(data),
                    "-o",
                    options,
                    "-w",
                    "-t",
                    "60",
                    "-l",
                    str(base / "server.log"),
                    "start",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        # The database the URL names, for commands that use it directly (benchmarks); the
        # test runner makes its own test_ database next to it.
        subprocess.run(
            _as_owner([_find_bin("createdb"), "-h", str(sockets), "-U", "postgres", "dienhinh"]),
            check=True,
        )
    except subprocess.CalledProcessError as exc:
        log = base / "server.log"
        if log.exists():
            sys.stderr.write(log.read_text(errors="replace"))
        shutil.rmtree(base, ignore_errors=True)
        sys.exit(f"postgres harness: PostgreSQL could not start ({exc})")
    env = dict(os.environ)
    env["DATABASE_URL"] = f"postgres://postgres@{quote(str(sockets), safe='')}/dienhinh"
    env["DIENHINH_TEST_DATABASE"] = "postgresql"
    try:
        return subprocess.call(argv, env=env)
    finally:
        subprocess.run(
            _as_owner([_find_bin("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
