"""Writes of the routines app: each atomic, validated and audited in the same transaction."""

from routines.services.information import information_save
from routines.services.routines import routine_approve, routine_confirm_read, routine_write

__all__ = ["information_save", "routine_approve", "routine_confirm_read", "routine_write"]
