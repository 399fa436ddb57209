from .my_number import KeyFingerprint, MyNumber, MyNumberHistory, Replacement

__all__ = ["KeyFingerprint", "MyNumber", "MyNumberHistory", "Replacement"]
