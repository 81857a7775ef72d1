"""When the data downloads last changed: the 开放数据 page's 更新时间, each download's ``Last-Modified``
and the sitemap's ``lastmod`` of indicator and region pages.

A file changes when one of its figures changes (``Observation.modified_at``), enters it with its
interview's publication or leaves it (rejected, lost from its answer, its interview's 下线时间
passed), and when what it shows of an indicator changes (``Indicator.files_changed_at``). What no
figure row keeps is read from the records already kept of it: a figure visitors could see deleted,
from its deletion version (``Observation.history``, written for a single, bulk or cascading delete
alike); an interview quoting figures published or withdrawn, from the publish log
(``interviews.models.Transition``); its new title or address (the files' 来源 and 来源链接), from its
versions (``Interview.history``). A region's new name is kept on it (``Region.renamed_at``). Each
date is an annotation of one query, however many indicators and figures there are.

No date goes back: each is read so that a later step changing nothing more in the files (an
interview withdrawn once offline, a figure rejected once its interview was, an indicator unconfirmed
or deleted once its figures were) leaves the date the earlier step gave.
"""

from datetime import datetime

from django.db.models import Case, Count, Exists, F, Max, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from interviews.models import Interview, Transition

from .models import Indicator, Observation

# What the downloads and the 开放数据 page show of an indicator (the CSV's 指标 and 指标代码, the JSON's
# ``downloads.INDICATOR_FIELDS``), and whether its figures are shown at all.
INDICATOR_SHOWN_FIELDS = ("name", "code", "category", "unit", "definition", "is_confirmed")

DATES = (
    "files_changed_at",
    "figures_changed",
    "figures_left",
    "figures_expired",
    "figures_deleted",
    "interviews_logged",
    "interviews_renamed",
    "regions_renamed",
)


def figure_dates(key: str) -> dict:
    """Annotations of what the 开放数据 page says of the downloads of the figures of each row of a
    model with ``observations``, which point to it by ``key`` ("indicator"; "region", for a region's
    sitemap entry): ``records`` (its public figures), and the dates ``latest_update`` combines with
    ``Indicator.files_changed_at``:
    ``figures_changed``, when a public figure last changed (``Observation.modified_at``, which only rows
    an ``update()`` confirmed lack) or entered the files with its interview's publication;
    ``figures_left``, when one last left them by its own change (rejected, lost from its answer) while
    its interview was public (``left_figures``);
    ``figures_expired``, when its interview's 下线时间 took one out of them (an expiry writes nothing);
    ``figures_deleted``, when one was last deleted (``deleted_figures``); ``interviews_logged``, when
    an interview quoting them last entered or left them at once (``publish_log``);
    ``interviews_renamed``, when one quoting them got a new title or address (``renamed_interviews``);
    ``regions_renamed``, when the region of one was renamed (``Region.renamed_at``)."""
    public = Q(observations__in=Observation.objects.public())
    changed = Coalesce("observations__modified_at", "observations__reviewed_at", "observations__created_at")
    published = Coalesce("observations__interview__published_at", changed)
    # Shown until its interview went offline, or shown then and changed since (a later change of the
    # figure takes no date back).
    still_shown = Q(observations__status=Observation.Status.CONFIRMED, observations__span_lost=False)
    expired = Q(
        still_shown | Q(observations__modified_at__gt=F("observations__interview__expires_at")),
        observations__indicator__is_confirmed=True,
        observations__interview__status=Interview.Status.PUBLISHED,
        observations__interview__expires_at__lte=timezone.now(),
    )
    return {
        "records": Count("observations", filter=public),
        "figures_changed": Max(Greatest(changed, published), filter=public),
        "figures_left": Subquery(left_figures(key).values("modified_at")[:1]),
        "figures_expired": Max("observations__interview__expires_at", filter=expired),
        "figures_deleted": Subquery(deleted_figures(key).values("history_date")[:1]),
        "interviews_logged": Subquery(publish_log(key).values("dated")[:1]),
        "interviews_renamed": Subquery(renamed_interviews(key)),
        "regions_renamed": Max("observations__region__renamed_at", filter=public),
    }


def left_figures(key: str):
    """The figures of the row ``OuterRef("pk")`` (by ``key``) of a confirmed indicator that left the
    files by their own change (rejected, back to 待核实, lost from their answer), latest first by that
    change (``modified_at``; one never confirmed has none): tabular, or of an interview public when it
    left, as the interview's versions say (``public_then``). Whatever the interview's state now: its
    being withdrawn or going offline later takes no date back."""
    return (
        Observation.objects.filter(
            Q(status__in=[Observation.Status.PENDING, Observation.Status.REJECTED]) | Q(span_lost=True)
        )
        .filter(**{key: OuterRef("pk")}, modified_at__isnull=False, indicator__is_confirmed=True)
        .filter(Q(interview__isnull=True) | public_then("modified_at"))
        .order_by("-modified_at")
    )


def public_then(moment: str) -> Exists:
    """Whether the interview of a figure (``OuterRef("interview_id")``) was public at its ``moment``
    (``OuterRef(moment)``), as the interview's latest version by then says: published, its publish
    time reached and its 下线时间 not."""
    by_then = Interview.history.filter(
        id=OuterRef(OuterRef("interview_id")), history_date__lte=OuterRef(OuterRef(moment))
    )
    latest = by_then.order_by("-history_date", "-history_id").values("history_id")[:1]
    return Exists(
        Interview.history.filter(
            history_id=Subquery(latest), status=Interview.Status.PUBLISHED, published_at__lte=OuterRef(moment)
        ).exclude(expires_at__lte=OuterRef(moment))
    )


def deleted_figures(key: str):
    """The deletion versions of the figures of the row ``OuterRef("pk")`` (by ``key``) deleted while
    visitors could see them (``seen_deletions``), latest first."""
    return seen_deletions().filter(**{key: OuterRef("pk")}).order_by("-history_date")


def seen_deletions():
    """The deletion versions of figures deleted while visitors could see them: confirmed and found in
    its answer, of an indicator confirmed then (``confirmed_then``), and tabular or of an interview
    that was published by then, as a version of it says (the interview may be gone: its figures are
    deleted with it)."""
    published = Interview.history.filter(
        id=OuterRef("interview_id"),
        status=Interview.Status.PUBLISHED,
        published_at__lte=OuterRef("history_date"),
        history_date__lte=OuterRef("history_date"),
    )
    return (
        Observation.history.filter(history_type="-", status=Observation.Status.CONFIRMED, span_lost=False)
        .filter(Q(interview__isnull=True) | Exists(published))
        .alias(indicator_confirmed=confirmed_then())
        .filter(indicator_confirmed=True)
    )


def confirmed_then():
    """Whether the indicator of a figure's version (``OuterRef``'s ``indicator_id``) was confirmed
    at the version's date, as its own latest version by then says; one with none by then predates
    the versions (the seeded indicators, confirmed). Not as it is now: a deletion visitors saw stays
    a change of what it left though its indicator was unconfirmed or deleted since — above all of a
    region's figures page, which no other date tells that it lost the indicator."""
    then = Indicator.history.filter(id=OuterRef("indicator_id"), history_date__lte=OuterRef("history_date"))
    latest = then.order_by("-history_date", "-history_id").values("is_confirmed")[:1]
    return Coalesce(Subquery(latest), Value(True))


def publish_log(key: str):
    """The steps of the publish log, latest first by ``dated``, by which an interview quoting a figure
    of the row ``OuterRef("pk")`` (by ``key``) of a confirmed indicator entered or left the files
    there and then: published and public at once (a backdated 补录 publish too; a scheduled one is
    dated by its publish time, ``figures_changed``), withdrawn while public, or its 下线时间 set or
    cleared so that it went offline or came back (one still to come is ``figures_expired`` once it
    passes). Each row records the publish time and 下线时间 the interview had after the step; an
    expiry step is compared with the 下线时间 recorded by the interview's step before it.

    A step after its 下线时间 had taken it offline — withdrawn, or that 下线时间 moved to another
    past time — changes nothing more, but is dated by when it went offline, which ``figures_expired``
    no longer reads once the interview is withdrawn or its 下线时间 moved. A figure quoted is one
    confirmed and found in its answer, or one that left the files only after the step's date (its
    ``modified_at``): a later change of the figure takes no date back."""
    step_before = Transition.objects.filter(interview=OuterRef("interview"), pk__lt=OuterRef("pk")).order_by("-pk")
    offline_after = Q(expires_at__lte=F("at"))
    online_after = Q(expires_at__isnull=True) | Q(expires_at__gt=F("at"))
    offline_before = Q(expiry_before__lte=F("at"))
    online_before = Q(expiry_before__isnull=True) | Q(expiry_before__gt=F("at"))
    expiry_step = Q(action=Transition.Action.EXPIRY, to_status=Interview.Status.PUBLISHED)
    entered_or_left = Q(published_at__lte=F("at")) & (
        Q(online_after, action__in=[Transition.Action.PUBLISH, Transition.Action.WITHDRAW])
        | expiry_step & (offline_after & online_before | online_after & offline_before)
    )
    withdrawn_offline = Q(action=Transition.Action.WITHDRAW) & offline_after  # withdrawing keeps the 下线时间
    moved_offline = expiry_step & offline_before & offline_after & Q(published_at__lt=F("expiry_before"))
    figure = "interview__observations__"
    shown = Q(**{f"{figure}status": Observation.Status.CONFIRMED, f"{figure}span_lost": False})
    quoting = (shown | Q(**{f"{figure}modified_at__gt": F("dated")})) & Q(
        **{f"{figure}{key}": OuterRef("pk"), f"{figure}indicator__is_confirmed": True}
    )
    log = Transition.objects.annotate(expiry_before=Subquery(step_before.values("expires_at")[:1])).annotate(
        dated=Case(
            When(withdrawn_offline, then=F("expires_at")),
            When(moved_offline, then=F("expiry_before")),
            default=F("at"),
        )
    )
    # One filter() call: the conditions on the figure are on one and the same figure.
    return log.filter(quoting & (entered_or_left | withdrawn_offline | moved_offline)).order_by("-dated")


def renamed_interviews(key: str):
    """One value (``latest``): when an interview quoting a public figure of the row ``OuterRef("pk")``
    (by ``key``) last got a new title or address, which the downloads show as the figure's 来源 and
    来源链接, read from its versions (``Interview.history``): for each interview, the date of its first
    version after the last one with another title or slug than it has now (none if it never had one).
    A change made while the figures were out of the files is harmless: their coming back (published,
    confirmed) is dated later. Two index look-ups per interview, however many versions it has."""
    versions = Interview.history.filter(id=OuterRef("pk"))
    other = versions.exclude(title=OuterRef("title"), slug=OuterRef("slug")).order_by("-history_id")
    quoting = Observation.objects.public().filter(**{key: OuterRef(OuterRef("pk"))}).values("interview_id")
    renamed = versions.filter(history_id__gt=OuterRef("last_other")).order_by("history_id")
    return (
        Interview.objects.filter(pk__in=quoting)
        .annotate(last_other=Subquery(other.values("history_id")[:1]))
        .annotate(renamed=Subquery(renamed.values("history_date")[:1]))
        .order_by()
        .values(every=Value(1))  # one group: the latest of them all
        .annotate(latest=Max("renamed"))
        .values("latest")
    )


def with_file_dates(indicators):
    """``indicators`` (a QuerySet) with ``figure_dates``: ``records``, and the dates of
    ``Indicator.updated``; and ``gone_figures_deleted`` (``all_files_update``). One query."""
    gone = seen_deletions().filter(~Exists(Indicator.objects.filter(pk=OuterRef("indicator_id"))))
    latest_gone = gone.order_by("-history_date").values("history_date")[:1]
    return indicators.annotate(**figure_dates("indicator"), gone_figures_deleted=Subquery(latest_gone))


def latest_update(rows) -> datetime | None:
    """The latest date of rows annotated with ``figure_dates`` (and ``files_changed_at`` if they have
    it), or None: when the downloads of their figures last changed."""
    return max((date for row in rows for name in DATES if (date := getattr(row, name, None))), default=None)


def all_files_update(indicators) -> datetime | None:
    """When the files of all figures last changed, or None: the latest date of ``indicators``
    (``with_file_dates``, every one of them), or of a figure deleted while visitors could see it
    whose indicator was deleted since, which no indicator row dates (``gone_figures_deleted``, the
    same on every row: an uncorrelated subquery, evaluated once)."""
    dates = [latest_update(indicators), *(row.gone_figures_deleted for row in indicators[:1])]
    return max(filter(None, dates), default=None)


def note_indicator_change(indicator: Indicator) -> bool:
    """Set ``indicator.files_changed_at`` to now if what the downloads show of it (its name, code,
    category, unit, definition) or whether they show it (confirmed) differs from its stored row, and
    it has figures they show or would show once it is confirmed. Returns whether the time moved.
    Called by ``Indicator.save()``; the admin's bulk update, which calls no ``save()``, for each row."""
    stored = Indicator.objects.filter(pk=indicator.pk).values(*INDICATOR_SHOWN_FIELDS).first() if indicator.pk else None
    if stored is None:  # a new indicator has no figures yet
        return False
    # Only what is loaded: a deferred field is not changed, and reading it would cost a query.
    loaded = {name: indicator.__dict__[name] for name in INDICATOR_SHOWN_FIELDS if name in indicator.__dict__}
    changed = any(stored[name] != value for name, value in loaded.items())
    hidden = not stored["is_confirmed"] and not loaded.get("is_confirmed")  # before and after
    if not changed or hidden or not Observation.objects.shown().filter(indicator=indicator).exists():
        return False
    indicator.files_changed_at = timezone.now()
    return True
