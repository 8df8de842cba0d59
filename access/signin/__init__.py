"""Innlogging: signing in, the second factor, enrolment links and the sign-in lock.

The identity itself (users, organisations, memberships, the lock and link
rows) lives in ``accounts``; everything here asks the access policy or writes
audit rows, so it sits in access, above both (tests/test_layers.py).
"""
