"""The deployment contract: production by environment only, health check, env helpers."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dienhinh.core.env import ImproperEnv, env_bool, env_int, env_list, env_str

# Each test runs settings of its own in a subprocess, whatever database the suite uses.
pytestmark = pytest.mark.one_database

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "k3y-for-the-deploy-check-ZYXWVUTSRQPONMLKJIHGFEDCBA-0123456789abcdef",
    "DATABASE_URL": "postgres://dienhinh:secret@db.example.vn:5432/dienhinh",
    "ALLOWED_HOSTS": "dienhinh.example.vn",
    "EMAIL_HOST": "smtp.example.vn",
    "SITE_URL": "https://dienhinh.example.vn",
}


def run_python(code: str, env: dict, tmp_path) -> subprocess.CompletedProcess:
    base = {
        "PATH": "/usr/bin:/bin",
        "DIENHINH_VAR_DIR": str(tmp_path),
        "PYTHONPATH": "src",
        "DJANGO_SETTINGS_MODULE": "dienhinh.settings",
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**base, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production_mode(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={"PATH": "/usr/bin:/bin", "DIENHINH_VAR_DIR": str(tmp_path), **PRODUCTION_ENV},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_mode_uses_postgres_smtp_and_secure_cookies(tmp_path):
    code = (
        "import django, json; django.setup(); from django.conf import settings as s;"
        "print(json.dumps([s.DATABASES['default']['ENGINE'], s.MAILERS['default']['BACKEND'],"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.DEBUG]))"
    )
    result = run_python(code, PRODUCTION_ENV, tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        "django.db.backends.postgresql",
        "django.core.mail.backends.smtp.EmailBackend",
        True,
        True,
        True,
        False,
    ]


def test_embedded_mode_defaults(tmp_path):
    code = (
        "import django, json; django.setup(); from django.conf import settings as s;"
        "print(json.dumps([s.DATABASES['default']['ENGINE'], str(s.MEDIA_ROOT),"
        " s.MAILERS['default']['BACKEND'],"
        " s.LANGUAGE_CODE, s.TIME_ZONE, s.SESSION_COOKIE_SECURE]))"
    )
    result = run_python(code, {}, tmp_path)
    assert result.returncode == 0, result.stderr
    engine, media, email, language, zone, secure = json.loads(result.stdout.splitlines()[-1])
    assert engine == "django.db.backends.sqlite3"
    assert media == str(tmp_path / "media")
    assert email == "django.core.mail.backends.console.EmailBackend"
    assert (language, zone, secure) == ("vi", "Asia/Ho_Chi_Minh", False)
    # The embedded secret key is generated once and kept private.
    key_file = tmp_path / "secret_key"
    assert len(key_file.read_text()) >= 50
    assert key_file.stat().st_mode & 0o077 == 0


def test_healthz_reports_unreachable_database_with_503(tmp_path):
    code = (
        "import django; django.setup(); from django.test import Client;"
        "r = Client().get('/healthz'); print(r.status_code, r.content.decode())"
    )
    env = {"DATABASE_URL": "postgres://nobody@127.0.0.1:9/nowhere", "DATABASE_CONN_MAX_AGE": "0"}
    result = run_python(code, env, tmp_path)
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.strip().splitlines()[-1].split(" ", 1)
    assert status == "503"
    assert json.loads(body) == {"status": "error", "database": "unreachable", "cache": "ok"}


def test_env_helpers_read_files_and_reject_garbage(tmp_path, monkeypatch):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("DH_TEST_SECRET_FILE", str(secret))
    assert env_str("DH_TEST_SECRET") == "from-a-file"
    monkeypatch.setenv("DH_TEST_FLAG", "yes")
    assert env_bool("DH_TEST_FLAG") is True
    monkeypatch.setenv("DH_TEST_FLAG", "maybe")
    with pytest.raises(ImproperEnv):
        env_bool("DH_TEST_FLAG")
    monkeypatch.setenv("DH_TEST_NUMBER", "12x")
    with pytest.raises(ImproperEnv):
        env_int("DH_TEST_NUMBER", 1)
    monkeypatch.setenv("DH_TEST_LIST", " a.vn, ,b.vn ")
    assert env_list("DH_TEST_LIST") == ["a.vn", "b.vn"]
