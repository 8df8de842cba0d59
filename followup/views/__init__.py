"""Pages for the follow-up of one resident's stay.

Thin: each view is tagged in the policy, fetches the stay through
``selectors.stay_get`` (404 for hidden and missing alike), reads what the page
shows through a page selector that audits it (``followup.selectors.pages``),
and writes through the services. Encrypted text is shown only after a
deliberate «show» (or on an edit form that must show it). One module per
page group; ``followup.urls`` imports them.
"""
