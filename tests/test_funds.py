"""Staff time and funds (issue #19): sharing a fund to the penny and the half day, reading money and days
strictly, a budget of days alone, who reads and records what, spending never past a school's share (also
under a race), the cluster table's warnings, and downloads whose totals are the page's."""

import csv
import io
import random
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.auth.models import Role, User
from app.calendar.models import AcademicYear
from app.clusters.models import School
from app.extensions import db
from app.funds import services
from app.funds.amounts import AmountError, days_text, money_text, parse_days, parse_money, split
from app.funds.models import Allocation, Category, Fund, FundShare, Spending
from app.funds.services import FundRefused
from tests.conftest import sign_in_client
from tests.reading import page_of, tables_of

EN, CY = {"Accept-Language": "en"}, {"Accept-Language": "cy"}


@pytest.fixture(autouse=True)
def without_csrf(app):
    """CSRF has its own test of every form (tests/test_csrf.py)."""
    app.config["WTF_CSRF_ENABLED"] = False


def _grant_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Fund.id).where(Fund.name_en == "Cluster release-time grant"))


def _school_id(app, slug: str) -> int:
    with app.app_context():
        return db.session.scalar(select(School.id).where(School.slug == slug))


def _fund(app, demo, amount_pence=None, half_days=None, allocation=Allocation.EQUAL, fixed=None) -> int:
    """A fund of the demo cluster saved by its admin through the service; its id."""
    with app.app_context(), app.test_request_context():
        admin = db.session.get(User, demo.user("admin").id)
        year = db.session.get(AcademicYear, demo.year.id)
        data = {"name_en": "Test fund", "name_cy": "Cronfa brawf", "source": "", "amount_pence": amount_pence,
                "release_half_days": half_days, "purpose_en": "", "purpose_cy": "", "conditions_en": "",
                "conditions_cy": "", "starts_on": year.starts_on, "ends_on": year.ends_on,
                "allocation": allocation, "academic_year_id": demo.year.id}
        return services.save_fund(admin, None, data, fixed or {}).id


def _shares(app, fund_id) -> dict[str, tuple]:
    with app.app_context():
        return {share.school.slug: (share.amount_pence, share.half_days)
                for share in db.session.scalars(select(FundShare).where(FundShare.fund_id == fund_id))}


# --- sharing, reading and writing amounts ----------------------------------------------------------

def test_a_share_by_largest_remainder_always_adds_up_to_the_total():
    assert split(100, [1, 1, 1]) == [34, 33, 33]
    assert split(1, [5, 5]) == [1, 0]
    assert split(0, [3, 4]) == [0, 0]
    # the demo's rolls, a pound and a half day at a time
    rolls = [212, 236, 318, 124, 187, 764]
    assert split(1_800_000, rolls) == [207279, 230744, 310918, 121239, 182835, 746985]
    rng = random.Random(19)
    for _ in range(500):
        weights = [rng.randint(0, 900) for _ in range(rng.randint(1, 8))]
        weights[0] += 1
        total = rng.randint(0, 10**9)
        shares = split(total, weights)
        assert sum(shares) == total
        # each share is within a unit of its exact quota
        quotas = [total * weight / sum(weights) for weight in weights]
        assert all(abs(share - quota) < 1 for share, quota in zip(shares, quotas, strict=True))


@pytest.mark.parametrize(("text", "pence"), [("1,250.50", 125050), ("£1250", 125000), ("1250.5", 125050),
                                             ("£ 0.07", 7), ("12,345,678", None), ("  300 ", 30000), ("", None)])
def test_money_is_read_exactly_as_pence(app, text, pence):
    with app.test_request_context(headers=EN):
        if text == "12,345,678":
            with pytest.raises(AmountError, match="at most £10,000,000"):
                parse_money(text)
        else:
            assert parse_money(text) == pence


@pytest.mark.parametrize("text", ["1,25", "12.345", "-5", "£-5", "1.250,50", "five", "1e3", "£", "1,2500",
                                  "3.5.1", "NaN", "١٢"])
def test_anything_but_money_is_refused_with_what_to_type(app, text):
    with app.test_request_context(headers=CY), pytest.raises(AmountError, match="punnoedd"):
        parse_money(text)


def test_release_time_is_read_and_written_in_half_days_in_both_languages(app):
    with app.test_request_context(headers=EN):
        assert [parse_days(text) for text in ("2", "2.5", "2½", "½", "0.5", "2,5", "3.0", "")] == \
            [4, 5, 5, 1, 1, 5, 6, None]
        for text in ("2.25", "2.3", "-1", "two", ".", "100000"):
            with pytest.raises(AmountError):
                parse_days(text)
        assert [days_text(n) for n in (1, 2, 5, 120)] == ["half a day", "1 day", "2½ days", "60 days"]
        assert money_text(125050) == "£1,250.50"
    with app.test_request_context(headers=CY):
        assert [days_text(n) for n in (1, 2, 4, 5)] == ["hanner diwrnod", "1 diwrnod", "2 ddiwrnod", "2½ diwrnod"]
        assert money_text(125050) == "£1,250.50"


def test_a_fund_by_roll_is_shared_to_the_penny_and_the_half_day(app, demo):
    fund_id = _fund(app, demo, amount_pence=1_000_001, half_days=33, allocation=Allocation.ROLL)
    shares = _shares(app, fund_id)
    assert sum(pence for pence, _ in shares.values()) == 1_000_001
    assert sum(days for _, days in shares.values()) == 33
    # the largest school has the largest share
    assert max(shares, key=lambda slug: shares[slug][0]) == "darland-high"


def test_a_budget_of_days_alone_works_without_any_money(app, demo, signed_in):
    fund_id = _fund(app, demo, half_days=12)
    assert set(_shares(app, fund_id).values()) == {(None, 2)}
    holt = signed_in("head.holt")
    response = holt.post(f"/funds/{fund_id}/spending", data={
        "school": _school_id(app, "holt"), "category": "release", "spent_on": "2025-12-01", "days": "0.5"},
        headers=EN)
    assert response.status_code == 303
    page = page_of(holt.get(f"/funds/{fund_id}", headers=EN))
    assert "half a day" in page and "£" not in page.split("What was used")[0].split("The schools")[1]
    # a fund needs one figure or the other
    with pytest.raises(FundRefused):
        _fund(app, demo)


def test_fixed_shares_must_add_up_to_the_fund(app, demo, signed_in):
    schools = {slug: _school_id(app, slug) for slug in ("holt", "park", "the-rofft", "all-saints", "st-peters",
                                                         "darland-high")}
    form = {"name_en": "Reading project", "amount": "600", "release_days": "", "academic_year": demo.year.id,
            "starts_on": "2025-09-01", "ends_on": "2026-07-20", "allocation": "fixed"}
    form.update({f"share_money_{school_id}": "100" for school_id in schools.values()})
    form[f"share_money_{schools['holt']}"] = "99.99"
    leader = signed_in("head.park")
    refused = leader.post("/funds/new", data=form, headers=EN)
    assert refused.status_code == 422
    assert "The schools' amounts come to £599.99, not the fund's £600.00." in page_of(refused)
    form[f"share_money_{schools['holt']}"] = "£100.00"
    saved = leader.post("/funds/new", data=form, headers=EN)
    assert saved.status_code == 303
    with app.app_context():
        fund = db.session.scalar(select(Fund).where(Fund.name_en == "Reading project"))
        assert {share.amount_pence for share in fund.shares} == {100_00}
        assert db.session.scalar(select(func.count(AuditEvent.id)).where(
            AuditEvent.entity_type == "funds", AuditEvent.entity_id == fund.id)) == 1


# --- the pages -------------------------------------------------------------------------------------

def test_a_leader_records_a_grant_by_roll_without_javascript(app, demo, signed_in):
    leader = signed_in("head.holt")
    form = leader.get("/funds/new", headers=EN)
    assert form.status_code == 200 and "Release days (optional)" in page_of(form)
    response = leader.post("/funds/new", data={
        "name_en": "Transition grant", "name_cy": "Grant pontio", "source": "Wrexham", "amount": "£1,000",
        "release_days": "7.5", "academic_year": demo.year.id, "starts_on": "01/09/2025", "ends_on": "2026-07-20",
        "allocation": "roll"}, headers=EN)
    assert response.status_code == 303
    page = page_of(leader.get(response.headers["Location"], headers=EN))
    assert "£1,000.00" in page and "7½ days" in page
    total = [row for row in tables_of(page)[0]["rows"] if row[0] == "All schools"][0]
    assert total[1] == "£1,000.00"


def test_bad_money_comes_back_at_the_field_in_the_readers_language_with_what_was_typed(app, demo, signed_in):
    leader = signed_in("head.holt")
    for headers, message in ((EN, "Enter an amount in pounds, like 1,250.50 or £300"), (CY, "punnoedd")):
        response = leader.post("/funds/new", data={
            "name_en": "Grant", "amount": "1,25", "release_days": "2.3", "academic_year": demo.year.id,
            "starts_on": "2025-09-01", "ends_on": "2025-08-01", "allocation": "equal"}, headers=headers)
        assert response.status_code == 422
        page = page_of(response)
        assert message in page and 'value="1,25"' in page
    assert "The last day must be on or after the first" in page_of(leader.post("/funds/new", data={
        "name_en": "Grant", "amount": "1", "academic_year": demo.year.id, "starts_on": "2025-09-01",
        "ends_on": "2025-08-01", "allocation": "equal"}, headers=EN))
    with app.app_context():
        assert db.session.scalar(select(func.count(Fund.id))) == 2


def test_each_reader_sees_what_their_role_allows(app, demo, signed_in, make):
    grant = _grant_id(app)
    staff = page_of(signed_in("staff.holt").get(f"/funds/{grant}", headers=EN))
    assert "Your school: Holt CP School" in staff and "Park CP School" not in staff
    assert "Record spending" not in staff
    assert signed_in("staff.holt").get(f"/funds/{grant}/table.csv").status_code == 403
    home = page_of(signed_in("staff.park").get("/funds/", headers=EN))
    assert "Your school: Park CP School" in home and "Far ahead" in home
    for who in ("governor", "officer", "head.park", "admin"):
        page = page_of(signed_in(who).get(f"/funds/{grant}", headers=EN))
        assert "The Rofft Primary School" in page and "Holt CP School" in page, who
    assert "Record spending" not in page_of(signed_in("governor").get(f"/funds/{grant}", headers=EN))
    # an officer of another authority, and the admin of another cluster, find nothing there
    other = make.cluster()
    for stranger in (make.user(Role.OFFICER, authority_id=other.authority_id),
                     make.user(Role.ADMIN, cluster_id=other.id)):
        client = sign_in_client(app.test_client(), stranger)
        assert client.get(f"/funds/{grant}").status_code == 404
        assert client.get(f"/funds/{grant}/table.csv").status_code == 404
        assert "Cluster release-time grant" not in page_of(client.get("/funds/"))


def test_the_cluster_table_warns_in_words_of_a_school_far_behind_or_ahead(app, demo, signed_in):
    grant = _grant_id(app)
    for headers, behind, ahead in ((EN, "Far behind: 8% of its money used", "Far ahead: 92% of its money used"),
                                   (CY, "Ymhell ar ei hôl hi", "Ymhell ar y blaen")):
        page = page_of(signed_in("head.holt").get(f"/funds/{grant}", headers=headers))
        rows = tables_of(page)[0]["rows"]
        rofft = next(row for row in rows if row[0].startswith(("The Rofft", "Ysgol Gynradd y Rofft")))
        park = next(row for row in rows if row[0].startswith(("Park", "Ysgol Gynradd Gymunedol Park")))
        assert behind in rofft[-1] and ahead in park[-1]
        assert "2 schools are far from their share" in page or "2 ysgol" in page


def test_a_leader_records_for_their_own_school_only_and_never_past_its_share(app, demo, signed_in):
    grant, holt, park = _grant_id(app), _school_id(app, "holt"), _school_id(app, "park")
    leader = signed_in("head.holt")
    form = page_of(leader.get(f"/funds/{grant}/spending", headers=EN))
    assert "Holt CP School" in form and "Park CP School" not in form
    refused = leader.post(f"/funds/{grant}/spending", data={
        "school": park, "category": "resources", "spent_on": "2025-12-01", "amount": "10"}, headers=EN)
    assert refused.status_code == 422 and "Choose the school" in page_of(refused)
    too_much = leader.post(f"/funds/{grant}/spending", data={
        "school": holt, "category": "resources", "spent_on": "2025-12-01", "amount": "£5,000"}, headers=CY)
    assert too_much.status_code == 422 and "Mae hynny'n fwy nag sydd gan yr ysgol" in page_of(too_much)
    neither = leader.post(f"/funds/{grant}/spending", data={
        "school": holt, "category": "resources", "spent_on": "2025-12-01"}, headers=EN)
    assert neither.status_code == 422 and "Give the amount spent, the release days used, or both." in page_of(neither)
    assert signed_in("staff.holt").post(f"/funds/{grant}/spending", data={}).status_code == 403
    # the admin records for any school
    admin = signed_in("admin")
    assert admin.post(f"/funds/{grant}/spending", data={
        "school": park, "category": "events", "spent_on": "2025-12-01", "amount": "1.01"}).status_code == 303


def test_a_correction_and_a_deletion_are_audited_and_only_for_the_school_that_made_them(app, demo, signed_in):
    grant, holt = _grant_id(app), _school_id(app, "holt")
    with app.app_context():
        entry = db.session.scalar(select(Spending).where(Spending.fund_id == grant, Spending.school_id == holt,
                                                         Spending.category != Category.RELEASE))
        entry_id, category = entry.id, entry.category.value
        parks = db.session.scalar(select(Spending.id).join(School).where(School.slug == "park"))
    leader = signed_in("head.holt", htmx=True)
    bad = leader.post(f"/funds/spending/{entry_id}", data={"school": holt, "category": category,
                                                           "spent_on": "2025-11-30", "amount": "12.345"})
    assert bad.status_code == 422 and "<html" not in bad.text and "spending-form" in bad.text
    good = leader.post(f"/funds/spending/{entry_id}", data={"school": holt, "category": category,
                                                            "spent_on": "2025-11-30", "amount": "12.34"})
    assert good.status_code == 200 and good.headers["HX-Redirect"] == f"/funds/{grant}#entries"
    assert signed_in("head.holt").get(f"/funds/spending/{parks}").status_code == 403
    assert signed_in("head.holt").post(f"/funds/spending/{entry_id}/delete").status_code == 303
    with app.app_context():
        assert db.session.get(Spending, entry_id) is None
        events = db.session.execute(select(AuditEvent.action, AuditEvent.changes).where(
            AuditEvent.entity_type == "fund_spending", AuditEvent.entity_id == entry_id)
            .order_by(AuditEvent.id)).all()
    assert [action for action, _ in events] == ["updated", "deleted"]
    assert events[0][1]["amount_pence"][1] == 1234 and events[1][1]["amount_pence"] == [1234, None]


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_downloads_add_up_to_the_page_to_the_penny(app, demo, signed_in):
    grant = _grant_id(app)
    leader = signed_in("head.holt")
    page = page_of(leader.get(f"/funds/{grant}", headers=EN))
    shown_total = next(row for row in tables_of(page)[0]["rows"] if row[0] == "All schools")
    table = _csv(leader.get(f"/funds/{grant}/table.csv", headers=EN))
    schools, total = table[1:-1], table[-1]
    assert total[0] == "All schools" and len(schools) == 6
    for column in (1, 2, 3):
        assert sum(Decimal(row[column]) for row in schools) == Decimal(total[column])
        assert f"£{Decimal(total[column]):,.2f}" in shown_total
    entries = _csv(leader.get(f"/funds/{grant}/entries.csv", headers=EN))
    assert sum(Decimal(row[3] or 0) for row in entries[1:-1]) == Decimal(entries[-1][3]) == Decimal(total[2])
    assert sum(Decimal(row[4] or 0) for row in entries[1:-1]) == Decimal(entries[-1][4]) == Decimal(total[5])
    workbook = load_workbook(io.BytesIO(leader.get(f"/funds/{grant}/table.xlsx").data))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert Decimal(str(rows[-1][2])) == Decimal(total[2])
    assert sum(Decimal(str(row[2])) for row in rows[1:-1]) == Decimal(total[2])


# --- the race --------------------------------------------------------------------------------------

def test_schools_spending_at_once_never_lose_an_entry_nor_pass_their_share(app, demo, live_server):
    from tests.concurrency import post_at_once, session_cookie

    app.config["WTF_CSRF_ENABLED"] = False
    slugs = ("holt", "park", "the-rofft")
    ids = {slug: _school_id(app, slug) for slug in slugs}
    with app.app_context():
        every = db.session.scalars(select(School.id).where(School.cluster_id == demo.cluster.id)).all()
    # £100 and 10 days for each school
    fund_id = _fund(app, demo, amount_pence=100_00 * len(every), half_days=20 * len(every),
                    allocation=Allocation.FIXED, fixed={school: (100_00, 20) for school in every})
    cookies = {slug: session_cookie(app, demo.user(f"head.{slug}")) for slug in slugs}
    cookies["admin"] = session_cookie(app, demo.user("admin"))
    requests = [(cookies[slug if n % 4 else "admin"], f"/funds/{fund_id}/spending",
                 {"school": ids[slug], "category": "release", "spent_on": "2025-12-01", "amount": "30",
                  "days": "1"}) for slug in slugs for n in range(5)]
    statuses = post_at_once(live_server, requests)
    # three entries of £30 fit in £100 for each school; the fourth and fifth are refused
    assert sorted(statuses) == [303] * 9 + [422] * 6
    with app.app_context():
        rows = db.session.execute(select(Spending.school_id, func.count(Spending.id), func.sum(Spending.amount_pence),
                                         func.sum(Spending.half_days))
                                  .where(Spending.fund_id == fund_id).group_by(Spending.school_id)).all()
    assert sorted(rows) == sorted((ids[slug], 3, 90_00, 6) for slug in slugs)


# --- the summary and the annual report --------------------------------------------------------------

def test_the_summary_sets_each_schools_release_days_and_money_against_its_allocation(app, demo, signed_in):
    leader = signed_in("head.holt")
    page = page_of(leader.get("/summary/?year=2025&period=", headers=EN))
    funding = next(table for table in tables_of(page) if table["caption"].startswith("Staff time and funds"))
    rows = {row[0]: row for row in funding["rows"]}
    with app.app_context():
        pence, half_days = db.session.execute(select(func.sum(Spending.amount_pence),
                                                     func.sum(Spending.half_days))).one()
    assert rows["All schools"][4].startswith(f"£{Decimal(pence).scaleb(-2):,.2f}")
    assert rows["All schools"][1].startswith(f"{half_days / 2:g}")
    # the grant's 60 days and the cover's 24, by roll and equally; The Rofft used little, Park much
    assert rows["All schools"][2] == "84"
    rofft, park = rows["The Rofft Primary School"], rows["Park CP School"]
    assert float(rofft[3].split("%")[0]) < 25 < 60 < float(park[3].split("%")[0])
    download = _csv(leader.get("/summary/export/funding.csv?year=2025&period=", headers=EN))
    spent = download[0].index("Money spent")
    assert download[-1][0] == "All schools" and download[-1][spent] == rows["All schools"][4].split()[0]


def test_the_annual_report_has_a_funding_section_in_both_languages(app, demo, signed_in):
    for headers, heading, name in ((EN, "Staff time and funds", "Cluster release-time grant"),
                                   (CY, "Amser staff a chronfeydd", "Grant amser rhyddhau")):
        page = page_of(signed_in("governor").get("/summary/reports/2025", headers=headers))
        section = page.split(f"<h2>{heading}</h2>")[1].split("</section>")[0]
        assert name in section and "Supply cover days" in section or "Diwrnodau cyflenwi" in section
        assert tables_of(section)[0]["rows"][-1][1] == "£18,000.00"


def test_sharing_a_fund_out_again_is_audited_with_each_schools_share(app, demo, signed_in):
    fund_id = _fund(app, demo, amount_pence=600_00, half_days=12, allocation=Allocation.ROLL)
    leader = signed_in("head.holt")
    form = page_of(leader.get(f"/funds/{fund_id}/edit", headers=EN))
    assert 'value="600.00"' in form and 'value="6"' in form
    response = leader.post(f"/funds/{fund_id}/edit", data={
        "name_en": "Test fund", "amount": "600.00", "release_days": "6", "academic_year": demo.year.id,
        "starts_on": "2025-09-01", "ends_on": "2026-07-20", "allocation": "equal"}, headers=EN)
    assert response.status_code == 303
    assert set(_shares(app, fund_id).values()) == {(100_00, 2)}
    with app.app_context():
        changes = db.session.scalar(select(AuditEvent.changes).where(
            AuditEvent.entity_type == "funds", AuditEvent.entity_id == fund_id, AuditEvent.action == "updated"))
    assert changes["allocation"] == ["roll", "equal"]
    assert "Holt CP School: £100.00 · 1 day" in changes["shares"][1]


def test_the_officer_reads_each_cluster_of_the_authority_in_turn(app, demo, signed_in, make):
    other = make.cluster(authority_id=demo.authority.id)
    officer = signed_in("officer")
    page = page_of(officer.get("/funds/?cluster=darland", headers=EN))
    assert "Cluster release-time grant" in page and f'value="{other.slug}"' in page
    elsewhere = page_of(officer.get(f"/funds/?cluster={other.slug}", headers=EN))
    assert "Cluster release-time grant" not in elsewhere and "No funds are recorded yet." in elsewhere
    assert "Record a fund" not in page
