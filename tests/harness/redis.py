"""A throwaway Redis server for the tests of what production keeps in Redis (the page cache,
the readings waiting to be counted): ``redis-server`` in a temporary folder, on a unix socket
only (no TCP port to collide with), saving nothing to disk, stopped and removed afterwards.
Fails with a clear message when redis-server is missing (.ci/run installs it): a Redis test
that silently skipped would prove nothing."""

import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


class HarnessError(RuntimeError):
    pass


@dataclass
class Server:
    base: Path
    process: subprocess.Popen | None = None

    @property
    def socket(self) -> Path:
        return self.base / "redis.sock"

    def url(self, db: int = 0) -> str:
        return f"unix://{self.socket}?db={db}"


def start_server() -> Server:
    binary = shutil.which("redis-server")
    if binary is None:
        raise HarnessError(
            "redis harness: redis-server not found (install the redis-server package)"
        )
    server = Server(Path(tempfile.mkdtemp(prefix="dh-redis-")))
    log = open(server.base / "server.log", "wb")  # noqa: SIM115 (the server keeps writing it)
    server.process = subprocess.Popen(
        [
            binary,
            "--port", "0",
            "--unixsocket", str(server.socket),
            "--unixsocketperm", "700",
            "--save", "",
            "--appendonly", "no",
            "--dir", str(server.base),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 20
    while not server.socket.exists():
        if server.process.poll() is not None or time.monotonic() > deadline:
            stop_server(server)
            text = (server.base / "server.log").read_text(errors="replace")
            raise HarnessError(f"redis harness: redis-server did not start\n{text}")
        time.sleep(0.01)
    return server


def stop_server(server: Server) -> None:
    if server.process is not None and server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()
    shutil.rmtree(server.base, ignore_errors=True)
