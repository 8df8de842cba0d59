"""Oppfølging (follow-up during the stay).

Security conversation and crisis plan, the security measures register and
threat-picture changes, the individual action plan, the platform's ten
follow-up areas and the contact log with hours per week.
"""
