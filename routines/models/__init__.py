"""Models of the routines app (rutiner): an offer's written routines and its information sheet."""

from routines.models.information import OfferInformation
from routines.models.routines import (
    KIND_GROUPS,
    RoutineKind,
    RoutineOffer,
    RoutineReading,
    RoutineSharing,
    RoutineVersion,
)

__all__ = [
    "KIND_GROUPS",
    "OfferInformation",
    "RoutineKind",
    "RoutineOffer",
    "RoutineReading",
    "RoutineSharing",
    "RoutineVersion",
]
