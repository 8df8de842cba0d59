"""Mail settings in production: SMTP by default, credentials only over TLS, password from a file."""

from __future__ import annotations

from core.tests.test_production_settings import PRODUCTION_ENV, manage

SHOW = (
    "from django.conf import settings as s; "
    "print(s.EMAIL_BACKEND, s.EMAIL_USE_TLS, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD == 'hemmelig')"
)


def test_production_sends_by_smtp_unless_told_otherwise():
    result = manage("shell", "-c", SHOW, **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "False",
        "False",
    ]


def test_it_reads_the_mail_password_from_a_file_and_passes_check_deploy(tmp_path):
    secret = tmp_path / "smtp-password"
    secret.write_text("hemmelig\n")
    env = {
        **PRODUCTION_ENV,
        "EMAIL_HOST": "smtp.example.no",
        "EMAIL_PORT": "587",
        "EMAIL_USE_TLS": "1",
        "EMAIL_HOST_USER": "botilbud",
        "EMAIL_HOST_PASSWORD_FILE": str(secret),
    }
    shown = manage("shell", "-c", SHOW, **env)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines()[-1].split()[1:] == ["True", "botilbud", "True"]
    check = manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert check.returncode == 0, check.stdout + check.stderr


def test_it_refuses_a_mail_password_without_tls():
    result = manage(
        "check", **PRODUCTION_ENV, EMAIL_HOST_USER="botilbud", EMAIL_HOST_PASSWORD="hemmelig"
    )
    assert result.returncode != 0
    assert "a mail password never crosses the network in clear text" in result.stderr


def test_it_refuses_tls_and_ssl_together():
    result = manage("check", **PRODUCTION_ENV, EMAIL_USE_TLS="1", EMAIL_USE_SSL="1")
    assert result.returncode != 0
    assert "EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be switched on" in result.stderr
