"""Ansvarsgruppe og strategimøter: responsibility groups and strategy meetings per resident."""
