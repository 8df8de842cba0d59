"""No reads are declared here: routines and the information sheet are no one's personal data.

They are the offer's own working documents (never about a resident, and the
services refuse a dwelling address in them), so showing them is not a read
of personal data and writes no read rows (docs/audit.md). Every write is
audited (``routines.services``), and so is each confirmation of having read
a routine (``routines.version.read_confirmed``).
"""
