import datetime
import email
import email.policy
import socket
from contextlib import contextmanager

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings as django_settings
from django.test import Client

from dienhinh.plans.models import Criterion, Plan, PlanField, PlanStatus
from tests import factories
from tests.forked import shared_database  # noqa: F401 (a fixture for every folder)
from tests.otp import sign_in
from tests.personas import PERSONAS, build_world
from tests.snapshot import kept_for

# Folders whose tests share data built once for the folder (a package-scoped fixture): the
# demo province (tests/demo) and the sweep's world (tests/sweep), each tens of seconds to
# build. pytest-xdist's loadscope hands out modules one by one, so a folder's modules landed
# on both workers, interleaved with other folders, and pytest tore the package's data down and
# built it again each time a worker came back to the folder.
PACKAGE_SCOPED = ("tests/demo/", "tests/sweep/")


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadscope`` with each folder of ``PACKAGE_SCOPED`` as one unit of work."""
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class FolderScopeScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            for folder in PACKAGE_SCOPED:
                if nodeid.startswith(folder):
                    return folder
            return super()._split_scope(nodeid)

    return FolderScopeScheduling(config, log)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """Under pytest-xdist each worker hands the sweep's counters to the controller
    (tests/sweep/conftest.py's pytest_sessionfinish). These two hooks live here, not in the
    sweep's conftest: the controller collects nothing and loads only this one, so the line
    was missing from ``make test``."""
    counters = getattr(node, "workeroutput", {}).get("sweep")
    if not counters:
        return
    from tests.sweep.checks import STATS

    for key, value in counters.items():
        if isinstance(STATS[key], set):
            STATS[key].update(value)
        else:
            STATS[key] += value


def pytest_terminal_summary(terminalreporter):
    """What the sweep covered: its routes, API operations, objects and persona checks."""
    from tests.sweep.checks import summary

    line = summary()
    if line:
        terminalreporter.write_sep("-", "sweep")
        terminalreporter.write_line(line)


def pytest_collection_modifyitems(config, items):
    """Tests marked ``one_database`` (subprocesses with settings of their own, documents built
    from the code alone) give the same answer on either database: the PostgreSQL run skips
    them."""
    if django_settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        return
    skip = pytest.mark.skip(reason="independent of the database: run in the SQLite run")
    for item in items:
        if item.get_closest_marker("one_database"):
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def static_files_scanned_once():
    """WhiteNoise scans the collected static files (about a thousand) and the finders each time
    a request handler loads the middleware: once per process in production, but once per test
    Client here, 0.16 s each, a third of the suite's time. The table it builds depends only on
    the folder and on its settings, so each process builds it once and every later handler
    copies it."""
    from whitenoise.middleware import WhiteNoiseMiddleware

    tables: dict = {}

    def scanned_once(method):
        def scan(self, *args, **kwargs):
            if self.autorefresh:  # looks files up per request: nothing to keep
                return method(self, *args, **kwargs)
            key = (
                method.__name__,
                args,
                tuple(sorted(kwargs.items())),
                tuple(django_settings.STATICFILES_DIRS),
                self.max_age,
                self.allow_all_origins,
                self.charset,
                self.index_file,
                repr(self.media_types.types_map),
                self.add_headers_function,
            )
            if key not in tables:
                before = dict(self.files)
                method(self, *args, **kwargs)
                tables[key] = {
                    url: found for url, found in self.files.items() if before.get(url) is not found
                }
            else:
                self.files.update(tables[key])

        return scan

    originals = (WhiteNoiseMiddleware.add_files, WhiteNoiseMiddleware.add_files_from_finders)
    WhiteNoiseMiddleware.add_files = scanned_once(originals[0])
    WhiteNoiseMiddleware.add_files_from_finders = scanned_once(originals[1])
    yield
    WhiteNoiseMiddleware.add_files, WhiteNoiseMiddleware.add_files_from_finders = originals


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded files of a test land in its own temporary folder, not in var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # Readings waiting in files (SQLite) are a test's own too: ids come back in the next test.
    settings.READINGS_LOG_DIR = tmp_path / "readings"


@pytest.fixture(scope="session")
def redis_server():
    """A Redis server of this test process (tests/harness/redis.py), started when a test
    first asks for one: what production keeps in Redis is tested against the real thing."""
    from tests.harness import redis as harness

    server = harness.start_server()
    yield server
    harness.stop_server(server)


@pytest.fixture
def redis_url(redis_server):
    """The address of the test process's Redis server, emptied before and after the test."""
    import redis

    url = redis_server.url()
    client = redis.Redis.from_url(url)
    client.flushall()
    yield url
    client.flushall()
    client.close()


@pytest.fixture(scope="session", autouse=True)
def cache_of_this_process(tmp_path_factory):
    """The embedded default cache is a folder every process shares (var/cache); each test
    process (xdist worker) gets its own, so that one worker's cache.clear() never empties
    another's in the middle of a test."""
    from django.test import override_settings

    default = django_settings.CACHES["default"]
    if not default["BACKEND"].endswith("FileBasedCache"):
        yield
        return
    location = str(tmp_path_factory.mktemp("cache"))
    with override_settings(CACHES={"default": {**default, "LOCATION": location}}):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: cached figures of an earlier test (whose rows had
    the same ids) must not show up."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _module_shares_the_world(request) -> bool:
    """A module's tests share one built world unless one of them commits (transactional_db,
    live_server): such a test empties the tables, which cannot happen inside the module's
    outer transaction (tests/snapshot.py)."""
    module = request.node.path
    for item in request.session.items:
        if item.path != module:
            continue
        names = getattr(item, "fixturenames", ())
        if "transactional_db" in names or "live_server" in names:
            return False
        marker = item.get_closest_marker("django_db")
        if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
            return False
    return True


@pytest.fixture(scope="module")
def _module_world(request, django_db_setup, django_db_blocker):
    """The personas' tree, built once per test module: building it takes ~60 queries, and
    nearly every test asks for it. Each test nests in a savepoint and sees it as built."""
    if not _module_shares_the_world(request):
        yield None
        return
    with kept_for(django_db_blocker):
        with django_db_blocker.unblock():
            built = build_world()
        yield built


@pytest.fixture
def world(_module_world, db):
    if _module_world is None:
        return build_world()
    # Fresh instances for each test: a test that changes world.unit_a in memory must not
    # hand the change to the next test, whose database no longer has it.
    return _module_world.fresh()


@pytest.fixture
def page_language():
    """The language the ``login`` clients ask for: None for the site's default (Vietnamese).
    Test folders that assert English texts override this fixture with "en"."""
    return None


@pytest.fixture
def login(db, page_language):
    """``login(user, **client_kwargs)`` returns a test client logged in as ``user``
    (anonymous for None), its session past the second factor (tests/otp.py);
    ``client_kwargs`` such as ``REMOTE_ADDR`` go to the Client."""

    def _login(user, **client_kwargs) -> Client:
        fresh = Client(**client_kwargs)
        if page_language:
            fresh.cookies[django_settings.LANGUAGE_COOKIE_NAME] = page_language
        if user is not None:
            sign_in(fresh, user)
        return fresh

    return _login


@pytest.fixture
def api_client(db, page_language):
    """``api_client(user)``: a client sending a fresh bearer token of ``user`` (anonymous for
    None), in ``page_language`` when a test folder asks for one."""
    from dienhinh.accounts.domain import issue_token

    def _client(user) -> Client:
        headers = {}
        if user is not None:
            _token, key = issue_token(user=user, name="tests")
            headers["Authorization"] = f"Bearer {key}"
        client = Client(headers=headers)
        if page_language:
            client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = page_language
        return client

    return _client


@pytest.fixture
def make_nomination(world, plan):
    """``make_nomination(unit=None, **fields)``: a draft of unit A (or ``unit``) in ``plan``
    by officer A, with a photo; see tests.factories.make_nomination."""

    def _make(unit=None, **fields):
        fields.setdefault("by", fields.pop("created_by", world.officer_a))
        return factories.make_nomination(plan, unit or world.unit_a, **fields)

    return _make


@pytest.fixture(params=PERSONAS)
def persona_name(request):
    return request.param


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            (
                envelope.rcpt_tos,
                email.message_from_bytes(envelope.content, policy=email.policy.default),
            )
        )
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback; mail goes out through the project's SMTP backend."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": "127.0.0.1",
                "port": controller.port,
                "use_tls": False,
                "timeout": 10,
            },
        }
    }
    yield inbox
    controller.stop()


@pytest.fixture
def plan(world):
    """Kế hoạch 57/KH-LĐLĐ of the province, issued and open for nominations for 30 days,
    reviewed at every level (the district has a reviewer, so Càng Long reviews first)."""
    plan = Plan.objects.create(
        issuing_unit=world.province,
        year=2017,
        number=57,
        symbol="KH-LĐLĐ",
        title="Tuyên truyền các điển hình tiên tiến",
        issued_on=datetime.date(2017, 6, 29),
        place="Trà Vinh",
        nomination_deadline=datetime.date.today() + datetime.timedelta(days=30),
        report_deadline=datetime.date.today() + datetime.timedelta(days=60),
        status=PlanStatus.ISSUED,
    )
    PlanField.objects.create(plan=plan, name="Lao động sản xuất")
    Criterion.objects.create(plan=plan, group="Tiêu chí chung", text="Có sáng kiến", max_points=10)
    return plan


@pytest.fixture
def run_tasks(settings, django_capture_on_commit_callbacks):
    """``with run_tasks(): ...``: the tasks queued by what the block does run when it
    commits (the immediate backend; the real worker is exercised in test_invite)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

    @contextmanager
    def _run():
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return _run


@pytest.fixture
def fast_hasher(settings, world):
    """The personas' password under a cheap hasher: the throttle tests try dozens of logins,
    and each check of the real PBKDF2 hash costs about a second. What they test is the
    counting, which does not depend on the hasher."""
    from django.contrib.auth.hashers import make_password

    from dienhinh.accounts.models import User
    from tests.personas import PASSWORD

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cheap = make_password(PASSWORD)
    User.objects.update(password=cheap)
    for person in vars(world).values():
        if isinstance(person, User):
            person.password = cheap  # the sessions the tests open hash the current one
