"""Pages for residents: list, overview, arrival, timetable, move-out, aftercare, closure.

Thin: each view is tagged in the policy, fetches through the selectors (404
for hidden and missing alike), which audit what the page shows (the reads in
``stays.reads``), and writes through the services. One module per part of
the stay; ``stays.urls`` imports them.
"""
