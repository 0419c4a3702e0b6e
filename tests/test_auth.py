"""Sign-in, roles scoped to the organisation, and the audit log, through the real app (AppTest)
on a copy of the sample organisation's database with local accounts."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

import cli
from metrics.access import access_for
from store import open_database
from store.audit import audit_log
from store.users import add_user, grant, set_active
from tests.conftest import ROOT

PASSWORD = "et-langt-passord"


@pytest.fixture
def accounts(demo_env, monkeypatch):
    """kari: leder over Helse og omsorg; sara: rådgiver over everything; ola: admin."""
    monkeypatch.setenv("HMS_AUTH", "local")
    with open_database(demo_env) as db:
        helse = int(db.scalar("SELECT id FROM org_units WHERE name = 'Helse og omsorg'"))
        for name, role, unit in (("kari", "leder", helse), ("sara", "radgiver", 0),
                                 ("ola", "admin", 0)):  # fmt: skip
            add_user(db, name, name.capitalize(), "test", PASSWORD)
            grant(db, name, role, unit, "test")
    return demo_env


def app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    return at


def sign_in(at: AppTest, username: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key="login_user").set_value(username)
    at.text_input(key="login_password").set_value(password)
    next(b for b in at.button if b.label == "Logg inn").click().run()
    assert not at.exception, at.exception
    return at


def test_signed_out_visitors_get_only_the_sign_in_page(accounts):
    at = app()
    assert at.title[0].value == "Logg inn"
    sign_in(at, "kari", "feil-passord-her")
    assert at.title[0].value == "Logg inn"
    assert any("Feil brukernavn eller passord" in e.value for e in at.error)
    with open_database(accounts) as db:
        log = audit_log(db)
    assert ("kari", "innlogging avvist") in set(zip(log["actor"], log["action"], strict=True))


def test_a_leader_sees_only_their_scope_and_their_pages(accounts):
    at = sign_in(app(), "kari")
    assert at.title[0].value == "Oversikt"
    level = at.sidebar.radio(key="unit_level")
    assert "virksomhet" not in level.options  # the whole municipality is outside her scope
    level.set_value("enhet").run()
    options = at.sidebar.selectbox(key="unit_enhet").options
    assert any("Vågen sykehjem" in o for o in options)
    assert not any("Nordvik skole" in o for o in options)  # Oppvekst is not hers
    # Pages outside the role are neither listed nor reachable.
    at.switch_page("pages/importer.py").run()
    assert "Import" not in [t.value for t in at.title] and not at.get("file_uploader")
    at.switch_page("pages/arsrapport.py").run()
    assert at.title[0].value == "Årsrapporter"
    assert not any(b.label == "Lagre tekstene" and not b.disabled for b in at.button)


def test_disabling_an_account_signs_it_out_at_the_next_rerun(accounts):
    at = sign_in(app(), "kari")
    assert at.title[0].value == "Oversikt"
    with open_database(accounts) as db:
        set_active(db, "kari", False, "ola")
    at.run()
    titles = [t.value for t in at.title]
    assert "Oversikt" not in titles and not at.metric  # none of her panels any more
    assert titles == ["Logg inn"] or any("ikke logget inn" in w.value for w in at.warning)


def test_the_admin_manages_users_and_reads_the_audit_log(accounts):
    at = sign_in(app(), "ola")
    assert at.title[0].value == "Brukere"
    at.switch_page("pages/revisjon.py").run()
    assert at.title[0].value == "Revisjonslogg"
    log = at.dataframe[0].value
    assert {"innlogging", "bruker opprettet", "rolle gitt"} <= set(log["Handling"])
    at.switch_page("pages/sykefravaer.py").run()  # an admin is not an advisor
    assert "Sykefravær" not in [t.value for t in at.title]


def test_access_covers_the_subtree_and_unit_zero_everything(accounts):
    with open_database(accounts) as db:
        kari = access_for(db, "kari")
        sara = access_for(db, "sara")
        total = int(db.scalar("SELECT count(*) FROM org_units"))
        helse = int(db.scalar("SELECT id FROM org_units WHERE name = 'Helse og omsorg'"))
        below = int(db.scalar("SELECT count(*) FROM org_units WHERE parent_id = ?", [helse]))
        assert len(kari.units) == 1 + below and helse in kari.units
        assert len(sara.units) == total
        assert kari.may("export") and not kari.may("import") and not kari.may_open("importer")
        assert access_for(db, "nobody") is None  # deny by default


def test_cli_user_commands_and_their_audit(accounts, capsys, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("enda-et-langt-passord\n"))
    code = cli.main(["user", "add", "nina", "--role", "amu", "--scope", "Oppvekst",
                     "--password-stdin", "--db", str(accounts)])  # fmt: skip
    assert code == 0 and "nina" in capsys.readouterr().out
    assert cli.main(["user", "disable", "nina", "--db", str(accounts)]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("kort\n"))
    assert cli.main(["user", "reset", "nina", "--password-stdin", "--db", str(accounts)]) == 1
    assert "minst 10 tegn" in capsys.readouterr().err
    with open_database(accounts) as db:
        actions = list(audit_log(db, actor=None)["action"])
        assert access_for(db, "nina") is None  # disabled: no rights
    assert {"bruker opprettet", "rolle gitt", "bruker deaktivert"} <= set(actions)


def test_imports_decisions_and_settings_are_audited(accounts):
    from store import decisions, meetings
    from store.audit import set_actor
    from store.settings import set_suppression_threshold

    with open_database(accounts) as db:
        set_actor("sara")
        set_suppression_threshold(db, 6)
        mid = int(meetings.meetings(db)["id"].iloc[-1])
        case = int(meetings.cases(db, mid)["id"].iloc[2])
        did = decisions.add_decision(db, case, "Test", "sara", deadline=dt.date(2026, 1, 1))
        decisions.change_decision(db, did, "sara", status="pågår", comment="i gang")
        log = audit_log(db)
    rows = set(zip(log["actor"], log["action"], strict=True))
    assert {("sara", "innstilling endret"), ("sara", "vedtak registrert"),
            ("sara", "vedtak endret")} <= rows  # fmt: skip
    assert ("demo-rådgiver", "import") in rows  # the demo's own imports


def test_oidc_mode_offers_the_identity_provider_and_nothing_else(demo_env, monkeypatch):
    monkeypatch.setenv("HMS_AUTH", "oidc")
    at = app()
    assert [t.value for t in at.title] == ["Logg inn"]
    assert [b.label for b in at.button] == ["Logg inn"]
    assert not at.text_input  # no local password form in this mode


def test_guessing_passwords_locks_the_account_for_a_while(accounts):
    from store.users import MAX_FAILURES, check_password

    with open_database(accounts) as db:
        for _ in range(MAX_FAILURES):
            assert not check_password(db, "kari", "gjetning-nummer-x")
        assert not check_password(db, "kari", PASSWORD)  # locked even with the right one
        actions = list(audit_log(db, actor="kari")["action"])
        assert actions[0] == "innlogging sperret"
        assert check_password(db, "sara", PASSWORD)  # other accounts are not affected


def test_sign_ins_at_once_hash_at_most_slots_at_a_time(monkeypatch):
    """argon2 holds 64 MiB per verification: twenty sign-ins at once must not all hash at once,
    and every one of them still gets its answer."""
    import threading
    import time

    from core import passwords

    stored = passwords.hash_password("riktig-passord-1")
    running, most = [0], [0]
    lock = threading.Lock()
    real = passwords._HASHER

    class Counting:
        def verify(self, stored_hash, password):
            with lock:
                running[0] += 1
                most[0] = max(most[0], running[0])
            try:
                time.sleep(0.02)  # keep the slot long enough for the others to queue
                return real.verify(stored_hash, password)
            finally:
                with lock:
                    running[0] -= 1

    monkeypatch.setattr(passwords, "_HASHER", Counting())
    answers = {}

    def sign_in(i):
        answers[i] = passwords.verify(stored, "riktig-passord-1" if i % 2 else "feil-passord-99")

    threads = [threading.Thread(target=sign_in, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert answers == {i: bool(i % 2) for i in range(12)}
    assert most[0] == passwords.SLOTS


def test_signing_in_is_audited_without_invalidating_every_cache(accounts):
    """Every cached result is keyed on the data version; a sign-in (or any audit entry) only
    appends to the audit log, so twenty people signing in do not make every session and the
    whole-organisation suppression start over. An import still moves the version on."""
    from store.users import check_password

    with open_database(accounts) as db:
        version = db.version()
        assert check_password(db, "kari", PASSWORD)
        assert not check_password(db, "kari", "feil-passord-1234")
        assert db.version() == version
        actions = list(audit_log(db, actor="kari")["action"])
        assert actions[:2] == ["innlogging avvist", "innlogging"]
        with db.transaction():  # what an import or a settings change does
            pass
        assert db.version() == version + 1
