from .job import (
    MAX_STORED_PROBLEMS,
    JobKind,
    JobStatus,
    TransferChunk,
    TransferJob,
    TransferProblem,
)
from .sync_source import SyncSource

__all__ = [
    "MAX_STORED_PROBLEMS",
    "JobKind",
    "JobStatus",
    "SyncSource",
    "TransferChunk",
    "TransferJob",
    "TransferProblem",
]
