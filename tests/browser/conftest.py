"""Headless Chromium from Debian, driven by Playwright (never `playwright install`)."""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM would otherwise
# refuse to be called from there. The live server itself runs in its own thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium package")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": CHROMIUM_FLAGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A phone-sized window: union officers mostly work on phones.
    return {**browser_context_args, "viewport": {"width": 360, "height": 740}, "locale": "vi-VN"}


@pytest.fixture(autouse=True)
def plain_static_urls(settings):
    # The live server serves static files through the finders, by their plain names; the
    # manifest storage would point pages at hashed names only collectstatic's folder has.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


AXE_VERSION = "axe-core@4"


@pytest.fixture(scope="session")
def axe_source():
    """axe-core's script, installed by npm into the git-ignored var/npm on first use."""
    import subprocess
    from pathlib import Path

    from django.conf import settings

    folder = Path(settings.VAR_DIR) / "npm"
    script = folder / "node_modules" / "axe-core" / "axe.min.js"
    if not script.exists():
        subprocess.run(
            ["npm", "install", "--prefix", str(folder), AXE_VERSION, "--no-audit", "--no-fund"],
            check=True,
            timeout=300,
            capture_output=True,
        )
    return script.read_text()


def serious_violations(page, axe_source) -> list[str]:
    """The serious and critical axe-core violations of the page as "rule: targets" lines.
    The script is evaluated through the DevTools protocol, which the page's CSP does not
    govern (the page itself allows no inline script)."""
    if not page.evaluate("() => Boolean(window.axe)"):
        page.evaluate(axe_source)
    violations = page.evaluate(
        """async () => {
            const result = await axe.run(document, { resultTypes: ["violations"] });
            return result.violations
                .filter((v) => v.impact === "serious" || v.impact === "critical")
                .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
        }"""
    )
    return [f"{page.url} {line}" for line in violations]


class OneRequestAtATime:
    """The live server's WSGI application, serving one request at a time.

    On SQLite the test database lives in memory, and Django's live server hands its one
    connection to every request thread; two requests at once (the dossier form uploads its
    files in parallel) then share that connection and fail with "cannot start a transaction
    within a transaction". Production has a connection per thread and no such limit."""

    def __init__(self, app):
        import threading

        self.app, self.lock = app, threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            # The body is produced inside the lock too: a streamed response reads the database.
            response = self.app(environ, start_response)
            try:
                return list(response)
            finally:
                if hasattr(response, "close"):
                    response.close()


@pytest.fixture(autouse=True)
def live_server_one_request_at_a_time(request):
    if "live_server" not in request.fixturenames:
        return
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    httpd = request.getfixturevalue("live_server").thread.httpd
    if not isinstance(httpd.get_app(), OneRequestAtATime):
        httpd.set_app(OneRequestAtATime(httpd.get_app()))
