"""The reads of the meeting pages: what each one shows, as audit rows name it.

One ``Read`` per page (``audit.services.Read``). The list's object is the
resident's stay as the meeting pages see it (``meetings.MeetingStay``); a
meeting's page, its minutes form and its PDF record the meeting itself, with
the minutes, decisions and tasks named as fields, so the resident's art. 15
report shows every time someone read the minutes.
"""

from __future__ import annotations

from audit.services import Read

STAY = "meetings.MeetingStay"
MEETING = "meetings.Meeting"
HEADER = ("offer", "moved_in_on", "moved_out_on")
_STAY_HEADER = tuple(f"stay.{name}" for name in HEADER)
_MEETING = (
    "kind",
    "held_at",
    "resident_takes_part",
    "participants.partner",
    "participants.contact",
)
_CONTENT = (
    "agenda",
    "minutes",
    "decisions",
    "tasks.description",
    "tasks.responsible_user",
    "tasks.responsible_partner",
    "tasks.due_on",
    "tasks.done_on",
)

MEETINGS = Read(
    action="meetings.meetings.viewed",
    model=STAY,
    fields=(
        *HEADER,
        "meetings.kind",
        "meetings.held_at",
        "meetings.tasks.due_on",
        "meetings.tasks.done_on",
        "meeting_consents.partner",
        "meeting_consents.given_on",
        "meeting_consents.expires_on",
        "meeting_consents.withdrawn_on",
    ),
    purpose="møter og samtykker",
)
MEETING_PAGE = Read(
    action="meetings.meeting.viewed",
    model=MEETING,
    fields=(*_STAY_HEADER, *_MEETING, *_CONTENT),
    purpose="møte med referat",
)
MINUTES_FORM = Read(
    action="meetings.minutes.opened",
    model=MEETING,
    fields=(*_STAY_HEADER, "kind", "held_at", "minutes", "decisions"),
    purpose="endre møtereferat",
)
MINUTES_PDF = Read(
    action="meetings.minutes.printed",
    model=MEETING,
    fields=(*_MEETING, *_CONTENT),
    purpose="møtereferat til deltakerne",
)
# Forms that show nothing stored but the heading (a new meeting, consent,
# participant or task).
FORM = Read(
    action="meetings.stay.opened",
    model=STAY,
    fields=HEADER,
    purpose="registrere møte",
)
