"""Vedtak og individuell plan (individual decisions and individual plan).

The platform (§3c) asks each offer to use the municipal services' individual
decisions (*enkeltvedtak*) and an individual plan (*individuell plan*, IP)
where the resident needs or has a right to one; the 2011 evaluation found no
offer using IP. This app records, per stay, the decisions the resident has
received (service, date, outcome, what, period, appeal deadline and whether
it was appealed) and the individual plan (right to one, has one, since when,
its coordinator).
"""
