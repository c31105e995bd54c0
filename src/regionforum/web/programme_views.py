"""The business programme's pages: the organiser's /forums/N/programme/ and a participant's
own programme behind their private link, /programme/p/<token>/."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from regionforum.analytics.text import percent
from regionforum.forums import selectors
from regionforum.forums.errors import ProgrammeError
from regionforum.forums.models import (
    Forum,
    Meeting,
    MeetingRequest,
    Participant,
    Priority,
    RunStatus,
    ScheduleRun,
)
from regionforum.forums.stats import ProgrammeStats, programme_funnel, programme_stats
from regionforum.registry.models import Agreement, AgreementKind, AgreementStatus
from regionforum.web.charts import BarChart, bar_chart
from regionforum.web.templatetags.pages import localized_name

TABS = ("statistics", "participants", "requests", "schedule")
PARTICIPANTS_PAGE = 50
REQUESTS_PAGE = 100
SUGGESTIONS = 10


def _forum(number: int) -> Forum:
    forum = Forum.objects.filter(number=number).first()
    if forum is None:
        raise Http404
    return forum


def _percent(rate: float | None) -> str:
    return "—" if rate is None else percent(rate)


def _charts(stats: ProgrammeStats) -> dict[str, BarChart]:
    regions = stats.by_region[:12]
    sectors = stats.by_sector[:12]

    def region_label(group: Any) -> str:
        return localized_name(group.region) if group.region else group.key

    return {
        "requests_chart": bar_chart(
            [
                (str(label), stats.by_status[key], str(stats.by_status[key]))
                for key, label in MeetingRequest._meta.get_field("status").choices
            ],
            name="requests",
        ),
        "region_meetings_chart": bar_chart(
            [(region_label(group), group.scheduled, str(group.scheduled)) for group in regions],
            name="region-meetings",
        ),
        "region_acceptance_chart": bar_chart(
            [
                (region_label(group), group.acceptance_rate or 0, _percent(group.acceptance_rate))
                for group in regions
            ],
            name="region-acceptance",
        ),
        "sector_meetings_chart": bar_chart(
            [(group.key, group.scheduled, str(group.scheduled)) for group in sectors],
            name="sector-meetings",
        ),
        "per_participant_chart": bar_chart(
            [
                (
                    ngettext("%(count)s meeting", "%(count)s meetings", meetings)
                    % {"count": meetings},
                    participants,
                    str(participants),
                )
                for meetings, participants in stats.meetings_histogram
            ],
            name="per-participant",
        ),
    }


def _own_participant(request: HttpRequest, forum: Forum) -> Participant | None:
    if not request.user.is_authenticated:
        return None
    for participant in Participant.objects.filter(forum=forum, user_id=request.user.pk):
        if request.user.has_perm("forums.act_as_participant", participant):
            return participant
    return None


@require_GET
def programme(request: HttpRequest, number: int) -> HttpResponse:
    """Statistics for everyone; participants, requests and the schedule for the organisers."""
    forum = _forum(number)
    may_view = request.user.has_perm("forums.view_programme")
    tab = request.GET.get("tab", "statistics")
    if tab not in TABS or not may_view:
        tab = "statistics"
    stats = programme_stats(forum=forum)
    context: dict[str, Any] = {
        "forum": forum,
        "tab": tab,
        "tabs": [
            (key, label)
            for key, label in (
                ("statistics", _("Statistics")),
                ("participants", _("Participants")),
                ("requests", _("Requests")),
                ("schedule", _("Schedule")),
            )
            if key == "statistics" or may_view
        ],
        "stats": stats,
        "acceptance": _percent(stats.acceptance_rate),
        "funnel": programme_funnel(forum=forum),
        "may_view": may_view,
        "may_schedule": request.user.has_perm("forums.schedule_programme"),
        "may_confirm": request.user.has_perm("registry.confirm_draft"),
        "own": _own_participant(request, forum),
        "run": selectors.schedule_run_latest(forum=forum),
        **_charts(stats),
    }
    if may_view and tab == "participants":
        region = request.GET.get("region", "").strip()
        sector = request.GET.get("sector", "").strip()
        text = request.GET.get("q", "").strip()[:200]
        regions, sectors = selectors.participant_filter_options(forum=forum)
        found = selectors.participant_search(forum=forum, region=region, sector=sector, text=text)
        context.update(
            page=Paginator(found, PARTICIPANTS_PAGE).get_page(request.GET.get("page")),
            filters={"region": region, "sector": sector, "q": text},
            query=urlencode(
                {"tab": tab, "region": region, "sector": sector, "q": text}, doseq=False
            ),
            regions=regions,
            sectors=sectors,
        )
    if may_view and tab == "requests":
        status = request.GET.get("status", "")
        context.update(
            requests=Paginator(
                selectors.request_list(forum=forum, status=status), REQUESTS_PAGE
            ).get_page(request.GET.get("page")),
            query=urlencode({"tab": tab, "status": status}),
            status=status,
            statuses=MeetingRequest._meta.get_field("status").choices,
        )
    if may_view and tab == "schedule":
        days = list(forum.programme_days.order_by("on"))
        chosen = next((day for day in days if day.on.isoformat() == request.GET.get("day")), None)
        chosen = chosen or (days[0] if days else None)
        context.update(grid=selectors.schedule_grid(forum=forum, day=chosen), days=days, day=chosen)
    if may_view and tab == "statistics":
        context.update(
            drafts=selectors.draft_list(forum=forum),
            kinds=AgreementKind.choices,
            agreement_statuses=AgreementStatus.choices,
        )
    return render(request, "web/programme.html", context)


@require_GET
def programme_mine(request: HttpRequest, number: int) -> HttpResponse:
    """A signed-in participant's way to their own programme page."""
    forum = _forum(number)
    own = _own_participant(request, forum)
    if own is None:
        raise PermissionDenied
    return HttpResponseRedirect(reverse("web:participant_programme", args=[own.agenda_token]))


def _programme_url(forum: Forum, tab: str = "statistics", **extra: Any) -> str:
    query = urlencode({"tab": tab, **extra})
    return reverse("web:programme", args=[forum.number]) + f"?{query}"


@require_POST
def schedule_start(request: HttpRequest, number: int) -> HttpResponse:
    """The organiser's Schedule button: one background run over the accepted meetings."""
    from regionforum.forums.schedule_runs import programme_schedule_start

    forum = _forum(number)
    if not request.user.has_perm("forums.schedule_programme"):
        raise PermissionDenied
    try:
        time_limit = float(request.POST.get("time_limit") or 30)
    except ValueError:
        messages.error(request, _("The time limit must be a number of seconds."))
        return HttpResponseRedirect(_programme_url(forum, "schedule"))
    try:
        start = programme_schedule_start(forum=forum, user=request.user, time_limit=time_limit)
    except ProgrammeError as error:
        messages.error(request, error.message)
        return HttpResponseRedirect(_programme_url(forum, "schedule"))
    if not start.created:
        messages.warning(
            request,
            _("A schedule run for this forum is already under way (started %(when)s); here it is.")
            % {"when": date_format(localtime(start.run.created_at), "DATETIME_FORMAT")},
        )
    else:
        start.run.refresh_from_db()
        if start.run.status == RunStatus.DONE:
            messages.success(request, _("The schedule is ready: check it, then publish it."))
        elif start.run.status != RunStatus.FAILED:
            messages.info(request, _("Scheduling has started; this page follows its progress."))
    return HttpResponseRedirect(_programme_url(forum, "schedule"))


def _run(forum: Forum, run_id: int) -> ScheduleRun:
    run = ScheduleRun.objects.filter(forum=forum, pk=run_id).first()
    if run is None:
        raise Http404
    return run


@require_GET
def schedule_run_status(request: HttpRequest, number: int, run_id: int) -> JsonResponse:
    """The run's progress, polled by the schedule tab while it runs."""
    forum = _forum(number)
    if not request.user.has_perm("forums.schedule_programme"):
        raise PermissionDenied
    run = _run(forum, run_id)
    return JsonResponse(
        {
            "id": run.pk,
            "status": run.status,
            "status_label": run.get_status_display(),
            "phase": run.phase,
            "phase_label": run.get_phase_display(),
            "progress": run.progress,
            "meetings": run.meetings,
            "placed": run.placed,
            "best_breaks": run.best_breaks,
            "bound": run.bound,
            "stage": run.stage,
            "published": run.published_at is not None,
            "result": {
                key: run.result.get(key)
                for key in ("scheduled", "unscheduled", "breaks", "bound", "status")
                if key in run.result
            },
            "error": run.error,
        }
    )


@require_POST
def schedule_publish(request: HttpRequest, number: int, run_id: int) -> HttpResponse:
    """Publish a finished run's schedule, after which everyone's agenda shows it."""
    forum = _forum(number)
    if not request.user.has_perm("forums.schedule_programme"):
        raise PermissionDenied
    from regionforum.forums.programme import programme_publish

    run = _run(forum, run_id)
    try:
        programme_publish(run=run)
    except ProgrammeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The schedule is published."))
    return HttpResponseRedirect(_programme_url(forum, "schedule"))


@require_POST
def draft_confirm_view(request: HttpRequest, number: int, agreement_id: int) -> HttpResponse:
    """The secretariat completes a deal's draft agreement and confirms it."""
    from regionforum.forums.outcomes import draft_confirm
    from regionforum.money import Money as Amount

    forum = _forum(number)
    agreement = Agreement.all_objects.filter(pk=agreement_id, forum=forum, is_draft=True).first()
    if agreement is None:
        raise Http404
    if not request.user.has_perm("registry.confirm_draft", agreement):
        raise PermissionDenied
    try:
        signed_on = date.fromisoformat(request.POST.get("signed_on", ""))
    except ValueError:
        messages.error(request, _("Give the signing date as YYYY-MM-DD."))
        return HttpResponseRedirect(_programme_url(forum))
    amount = None
    raw_amount = request.POST.get("amount", "").replace(" ", "").replace(",", ".")
    if raw_amount:
        try:
            amount = Amount(
                value=Decimal(raw_amount),
                currency=request.POST.get("currency", "USD").strip().upper()[:3],
            )
        except InvalidOperation:
            messages.error(request, _("The amount is not a number."))
            return HttpResponseRedirect(_programme_url(forum))
    try:
        draft_confirm(
            agreement=agreement,
            user=request.user,
            kind=request.POST.get("kind", ""),
            signed_on=signed_on,
            amount=amount,
            title=request.POST.get("title", ""),
            status=request.POST.get("status", ""),
        )
    except ProgrammeError as error:
        messages.error(request, error.message)
        return HttpResponseRedirect(_programme_url(forum))
    messages.success(request, _("The agreement is confirmed and now counts in the figures."))
    return HttpResponseRedirect(reverse("web:agreement_detail", args=[agreement.pk]))


# --- A participant's own programme, behind their private link --------------------------------


def _participant(token: str) -> Participant:
    try:
        return selectors.participant_by_token(token=token)
    except Participant.DoesNotExist:
        raise Http404 from None


def _participant_url(participant: Participant, anchor: str = "") -> str:
    url = reverse("web:participant_programme", args=[participant.agenda_token])
    return f"{url}#{anchor}" if anchor else url


@require_GET
def participant_programme(request: HttpRequest, token: str) -> HttpResponse:
    from regionforum.forums.suggestions import suggestions_for

    participant = _participant(token)
    own = selectors.participant_programme(participant=participant)
    asked = {request.invitee_id for request in own.outgoing} | {
        request.requester_id for request in own.incoming
    }
    suggestions = [
        suggestion
        for suggestion in suggestions_for(participant=participant, limit=SUGGESTIONS)
        if suggestion.participant.pk not in asked
    ]
    return render(
        request,
        "web/programme_participant.html",
        {
            "participant": participant,
            "forum": participant.forum,
            "own": own,
            "suggestions": suggestions,
            "priorities": Priority.choices,
            "outcomes": [
                choice for choice in Meeting._meta.get_field("outcome").choices if choice[0]
            ],
            "agenda_url": _agenda_url(participant),
        },
    )


def _agenda_url(participant: Participant) -> str:
    return reverse("web:agenda", args=[participant.agenda_token])


@require_POST
def participant_request(request: HttpRequest, token: str) -> HttpResponse:
    """Ask another participant of the forum for a meeting."""
    from regionforum.forums.requests import request_create

    participant = _participant(token)
    invitee = Participant.objects.filter(
        forum=participant.forum, ref=request.POST.get("invitee", "")
    ).first()
    if invitee is None:
        messages.error(request, _("There is no such participant in this forum."))
        return HttpResponseRedirect(_participant_url(participant))
    try:
        request_create(
            requester=participant,
            invitee=invitee,
            priority=request.POST.get("priority", Priority.WOULD),
            message=request.POST.get("message", "").strip()[:2000],
        )
    except ProgrammeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your request was sent to %(name)s.") % {"name": invitee.name})
    return HttpResponseRedirect(_participant_url(participant, "requests"))


@require_POST
def participant_answer(
    request: HttpRequest, token: str, request_id: int, action: str
) -> HttpResponse:
    """Accept or decline a request received, or cancel one sent."""
    from regionforum.forums import requests as request_services

    participant = _participant(token)
    meeting_request = MeetingRequest.objects.filter(pk=request_id, forum=participant.forum).first()
    if meeting_request is None:
        raise Http404
    service = {
        "accept": request_services.request_accept,
        "decline": request_services.request_decline,
        "cancel": request_services.request_cancel,
    }.get(action)
    if service is None:
        raise Http404
    try:
        service(request=meeting_request, by=participant)
    except ProgrammeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Done."))
    return HttpResponseRedirect(_participant_url(participant, "requests"))


@require_POST
def participant_outcome(request: HttpRequest, token: str, meeting_id: int) -> HttpResponse:
    """Record whether a meeting was held and what came of it."""
    from regionforum.forums.outcomes import attendance_record, outcome_record

    participant = _participant(token)
    meeting = Meeting.objects.filter(pk=meeting_id, forum=participant.forum).first()
    if meeting is None:
        raise Http404
    try:
        if request.POST.get("attendance"):
            attendance_record(
                meeting=meeting, by=participant, attendance=request.POST["attendance"]
            )
        else:
            outcome_record(
                meeting=meeting,
                by=participant,
                outcome=request.POST.get("outcome", ""),
                note=request.POST.get("note", "")[:2000],
            )
    except ProgrammeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Recorded."))
    return HttpResponseRedirect(_participant_url(participant, "meetings"))
