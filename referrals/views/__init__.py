"""Pages for intake and allocation, one module per stage; ``referrals/urls.py`` imports them.

Thin: forms parse, services write, selectors read.
"""
