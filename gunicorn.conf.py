"""The production server's settings: `gunicorn --config gunicorn.conf.py` (make run does).

Environment variables: HOST and PORT (127.0.0.1:8000), WEB_WORKERS (2), WEB_THREADS (4),
WEB_TIMEOUT (60 s). The request limits work with Django's (core/limits.py): Django refuses
an address over MAX_URL_LENGTH (4,096) and any body over its route's limit from its
Content-Length; gunicorn refuses what is longer still before Django is called, in the same
JSON error shape (core/server.py).
"""

import os
import sys
from pathlib import Path

_SRC = Path(__file__).resolve().parent / "src"
sys.path.insert(0, str(_SRC))

wsgi_app = "dienhinh.wsgi:application"
chdir = str(_SRC)
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_WORKERS", "2"))
threads = int(os.environ.get("WEB_THREADS", "4"))
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
# Seconds an idle keep-alive connection stays open. gunicorn's 2 closed connections that
# clients waiting a few seconds between two requests were about to reuse: under load (bench/
# load.py) a request sent as the server closed was reset. Behind a proxy, keep this above
# the proxy's upstream keep-alive.
keepalive = int(os.environ.get("WEB_KEEPALIVE", "75"))
accesslog = "-"

# The request line (method, address, version) and headers. Browsers send addresses of a few
# hundred bytes; Django's own limit (4,096) answers first and in the reader's language.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190


def on_starting(server):
    from dienhinh.core.server import install_json_errors

    install_json_errors()


def post_fork(server, worker):
    # The writer is replaced in the arbiter before the fork; again in each worker, in case a
    # worker class imported gunicorn.util afresh.
    from dienhinh.core.server import install_json_errors

    install_json_errors()
