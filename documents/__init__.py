"""Dokumenter i saken (the documents of a case).

Attachments to a person in the intake (the competence team's) or to a stay
(the offer's staff): signed consents, decisions, plans, letters. Only PDF,
images and office documents, recognised from their bytes
(``core.files.sniff``), stored encrypted in the database with the field
encryption keys (docs/decisions/0009-case-documents-in-the-database.md) and served
only as an audited download through the access policy.
"""
