"""The scheduled jobs in deploy/: systemd timers and the cron lines of deploy/README.md.

Both must start real management commands with options those commands accept, and name the
same jobs; every search-alert frequency a visitor can choose must have its digest scheduled.
"""

import re
import shlex
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

from alerts.models import Frequency

DEPLOY_DIR = Path(__file__).resolve().parent.parent / "deploy"
SYSTEMD_DIR = DEPLOY_DIR / "systemd"
APP_SERVICE = SYSTEMD_DIR / "ftzportal@.service"
# A crontab line: five time fields, then `cd <dir> && <python> manage.py <command> <args>`.
CRON_LINE = re.compile(r"^(?:\S+\s+){5}cd (?P<dir>\S+) && \S+ manage\.py (?P<command>.+)$")


def read_unit(path: Path) -> dict[str, dict[str, list[str]]]:
    """A unit file as {section: {key: [values]}} (systemd allows a key more than once)."""
    sections: dict[str, dict[str, list[str]]] = {}
    section = None
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = sections.setdefault(line[1:-1], {})
            continue
        key, _, value = line.partition("=")
        section.setdefault(key.strip(), []).append(value.strip())
    return sections


def service_of(timer: Path) -> Path:
    """The unit a timer starts: its Unit= or, by default, the .service of the same name."""
    unit = read_unit(timer)["Timer"].get("Unit", [timer.with_suffix(".service").name])[-1]
    return SYSTEMD_DIR / unit


def timers() -> list[Path]:
    return sorted(SYSTEMD_DIR.glob("*.timer"))


def manage_py_call(command_line: str) -> tuple[str, ...]:
    """('send_search_alerts', '--frequency', 'daily') from `… manage.py send_search_alerts
    --frequency daily --verbosity 1`; verbosity is left out (the timers log, cron mails)."""
    words = shlex.split(command_line)
    if "manage.py" in words:
        words = words[words.index("manage.py") + 1 :]
    call, words = [], iter(words)
    for word in words:
        if word in {"--verbosity", "-v"}:
            next(words, None)
        elif not word.startswith("--verbosity="):
            call.append(word)
    return tuple(call)


def scheduled_by_systemd() -> set[tuple[str, ...]]:
    calls = set()
    for timer in timers():
        for exec_start in read_unit(service_of(timer))["Service"]["ExecStart"]:
            assert "manage.py" in exec_start, f"{timer.name} starts no management command"
            calls.add(manage_py_call(exec_start))
    return calls


def cron_lines() -> list[re.Match]:
    lines = (DEPLOY_DIR / "README.md").read_text().splitlines()
    return [match for line in lines if (match := CRON_LINE.match(line.strip()))]


def scheduled_by_cron() -> set[tuple[str, ...]]:
    return {manage_py_call(match["command"]) for match in cron_lines()}


@pytest.mark.parametrize("timer", timers(), ids=lambda path: path.name)
def test_every_timer_starts_a_service_that_exists_and_can_be_enabled(timer):
    unit = read_unit(timer)
    assert service_of(timer).is_file()
    assert any(key.startswith("On") for key in unit["Timer"]), "a timer with no schedule never fires"
    assert unit["Install"]["WantedBy"] == ["timers.target"]


@pytest.mark.parametrize("timer", timers(), ids=lambda path: path.name)
def test_every_scheduled_service_runs_like_the_app_server(timer):
    # Same user, code and environment: without /etc/ftzportal/env a job has no SECRET_KEY
    # (or database) and stops at once.
    app = read_unit(APP_SERVICE)["Service"]
    service = read_unit(service_of(timer))["Service"]
    for key in ("User", "Group", "WorkingDirectory", "EnvironmentFile"):
        assert service[key] == app[key], key
    assert service["Type"] == ["oneshot"]


def test_every_scheduled_call_is_a_command_of_the_project_with_valid_options():
    commands = get_commands()
    calls = scheduled_by_systemd() | scheduled_by_cron()
    assert calls
    for name, *arguments in calls:
        assert name in commands, f"manage.py {name} does not exist"
        # The command's own parser: an unknown option or a misspelt choice raises CommandError.
        load_command_class(commands[name], name).create_parser("manage.py", name).parse_args(arguments)


def test_the_overdue_digest_and_every_alert_frequency_are_scheduled():
    expected = {("send_overdue_digests",)} | {
        ("send_search_alerts", "--frequency", frequency) for frequency in Frequency.values
    }
    assert expected <= scheduled_by_systemd()


def test_the_worker_unit_runs_the_worker_command_like_the_app_server():
    unit = read_unit(SYSTEMD_DIR / "ftzportal-worker.service")
    command = unit["Service"]["ExecStart"][-1]
    name, *arguments = manage_py_call(command)
    assert name == "run_worker"
    load_command_class(get_commands()[name], name).create_parser("manage.py", name).parse_args(arguments)
    app = read_unit(APP_SERVICE)["Service"]
    for key in ("User", "WorkingDirectory", "EnvironmentFile"):
        assert unit["Service"][key] == app[key]
    assert unit["Service"]["Restart"] == ["always"]


def test_the_readme_cron_lines_run_the_same_jobs_as_the_timers_in_the_same_directory():
    assert scheduled_by_cron() == scheduled_by_systemd()
    app_dir = read_unit(APP_SERVICE)["Service"]["WorkingDirectory"][-1]
    assert {match["dir"] for match in cron_lines()} == {app_dir}
