"""Money as whole pence and release time as whole half days: reading them as people type them, writing
them in the reader's language, and sharing a total between schools so that the shares add up exactly."""

import re
from decimal import Decimal

from flask_babel import format_currency, format_decimal, ngettext
from flask_babel import gettext as _

#: the most a fund or a spending may hold: ten million pounds, far beyond any cluster's grant
MOST_PENCE = 10_000_000_00
#: the most release time one figure may hold: ten thousand days
MOST_HALF_DAYS = 20_000
#: "1,250.50", "£1250", "1250.5": commas only between groups of three, at most two decimal places
_MONEY = re.compile(r"£?\s*(?P<pounds>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.(?P<pence>[0-9]{1,2}))?")
#: "2", "2.5", "2½", "0.5", "½"
_DAYS = re.compile(r"(?P<whole>[0-9]{1,5})?(?:(?P<half>½)|\.(?P<decimals>[0-9]{1,2}))?")


class AmountError(ValueError):
    """Input that is not an amount of money or of days, with what to type instead."""


def parse_money(text: str) -> int | None:
    """Pence from "1,250.50", "£1250" or "1250.5"; None for nothing typed; AmountError for anything else."""
    text = (text or "").strip()
    if not text:
        return None
    match = _MONEY.fullmatch(text)
    if match is None:
        raise AmountError(_("Enter an amount in pounds, like 1,250.50 or £300"))
    pence = int(match["pounds"].replace(",", "")) * 100 + int((match["pence"] or "0").ljust(2, "0"))
    if pence > MOST_PENCE:
        raise AmountError(_("Enter an amount of at most £10,000,000"))
    return pence


def parse_days(text: str) -> int | None:
    """Half days from "2", "2.5" or "2½"; None for nothing typed; AmountError for anything else."""
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    match = _DAYS.fullmatch(text)
    if match is None or not (match["whole"] or match["half"]):
        raise AmountError(_("Enter days as a number, like 2 or 2.5"))
    decimals = (match["decimals"] or "0").ljust(2, "0")
    if decimals not in ("00", "50"):
        raise AmountError(_("Release time is counted in whole or half days: enter a number like 2 or 2.5"))
    half_days = int(match["whole"] or 0) * 2 + (1 if match["half"] or decimals == "50" else 0)
    if half_days > MOST_HALF_DAYS:
        raise AmountError(_("Enter at most 10,000 days"))
    return half_days


def pounds(pence: int) -> Decimal:
    """Pence as pounds with exactly two decimal places (1250.50), for downloads and sums."""
    return Decimal(pence).scaleb(-2)


def days(half_days: int) -> Decimal:
    """Half days as days (2.5), for downloads and sums."""
    return Decimal(half_days) / 2


def money_text(pence: int | None) -> str:
    """'£1,250.50' in the reader's language; '–' when there is no figure."""
    if pence is None:
        return "–"
    return format_currency(pounds(pence), "GBP")


def money_input(pence: int | None) -> str:
    """Pence as a form shows them again to be changed: '1250.50'."""
    return "" if pence is None else f"{pounds(pence)}"


def days_input(half_days: int | None) -> str:
    """Half days as a form shows them again: '2.5'."""
    return "" if half_days is None else format(days(half_days).normalize(), "f")


def days_text(half_days: int | None) -> str:
    """'2½ days', 'half a day', '1 day' in the reader's language; '–' when there is no figure."""
    if half_days is None:
        return "–"
    if half_days == 1:
        return _("half a day")
    whole, half = divmod(abs(half_days), 2)
    number = ("-" if half_days < 0 else "") + format_decimal(whole) + ("½" if half else "")
    # a fraction takes the plural of "many" in either language: 2½ days, 2½ diwrnod
    return ngettext("%(days)s day", "%(days)s days", whole if not half else 100, days=number)


def split(total: int, weights: list[int]) -> list[int]:
    """Share `total` whole units (pence, half days) in proportion to `weights`, by largest remainder: each
    share is its exact quota rounded down, and the units left over go one each to the largest remainders
    (the earlier weight first on a tie), so the shares add up to `total` exactly."""
    whole = sum(weights)
    if whole <= 0:
        raise ValueError("nothing to share by")
    shares = [total * weight // whole for weight in weights]
    remainders = [total * weight % whole for weight in weights]
    left_over = total - sum(shares)
    for position in sorted(range(len(weights)), key=lambda n: -remainders[n])[:left_over]:
        shares[position] += 1
    return shares
