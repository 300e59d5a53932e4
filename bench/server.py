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


def wait_until_answering(
    server: subprocess.Popen, port: int, *, path: str, cookie: str, seconds: float = 180
) -> None:
    """The port opens when gunicorn's master binds it; its workers may take many seconds
    more to load on a busy machine, and a wrk run started before would measure their
    start-up (or time out whole). Return once a few requests in a row are answered."""
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for _worker in range(4):  # each worker loads on its own: ask a few times
            try:
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie}
                )
                with urllib.request.urlopen(request, timeout=30) as answer:
                    answer.read()
            except OSError:
                time.sleep(0.5)
                break
        else:
            return
    server.kill()
    raise SystemExit("gunicorn does not answer")
