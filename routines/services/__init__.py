"""Writes of the routines app: each atomic, validated and audited in the same transaction."""

from routines.services.information import information_save
from routines.services.routines import routine_approve, routine_confirm_read, routine_write
from routines.services.sharing import routine_sharing_set

__all__ = [
    "information_save",
    "routine_approve",
    "routine_confirm_read",
    "routine_sharing_set",
    "routine_write",
]
