"""What the benchmarks share about the production server they start."""

import socket
import subprocess
import time


def wait_until_listening(server: subprocess.Popen, port: int, seconds: float = 30) -> None:
    """Return once gunicorn accepts connections on ``port``; kill it and stop the benchmark
    if it does not within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")
