"""Bounded types for free-text options: Discord refuses an oversized value in the client, so a pasted
essay never reaches a service (or comes back, echoed in a refusal, over the 2,000-character limit)."""

from __future__ import annotations

from discord import app_commands

#: A deck or drill id such as core-rubrics/dr-math-07.
ItemIdText = app_commands.Range[str, 1, 100]
#: A local time such as 18:30.
TimeText = app_commands.Range[str, 1, 16]
#: An IANA timezone name (the longest is 32 characters).
TimezoneText = app_commands.Range[str, 1, 64]
#: Weekdays such as "weekdays" or "mon,wed,fri".
DaysText = app_commands.Range[str, 1, 100]
