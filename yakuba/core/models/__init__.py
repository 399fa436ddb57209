from .base import TimeStampedModel
from .municipality import MunicipalityProfile

__all__ = ["MunicipalityProfile", "TimeStampedModel"]
