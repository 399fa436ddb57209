from .access_record import (
    GENESIS_HASH,
    HASHED_FIELDS,
    AccessRecord,
    ChainHead,
    canonical_json,
    hash_payload,
)

__all__ = [
    "GENESIS_HASH",
    "HASHED_FIELDS",
    "AccessRecord",
    "ChainHead",
    "canonical_json",
    "hash_payload",
]
