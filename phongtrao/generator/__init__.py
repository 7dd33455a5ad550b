"""The national-scale data generator for benchmarks and load tests (bench/README.md).

generate(scale=0.1, seed=2026)   # refuses when generated data is present
reset()                          # deletes what generate() made
checksum()                       # fingerprint of the generated rows, independent of ids
"""

from .checksum import checksum, parts
from .national import (
    BENCH_PASSWORD,
    DEFAULT_AS_OF,
    DEFAULT_SEED,
    USERNAME_PREFIX,
    AlreadyGenerated,
    Summary,
    Targets,
    generate,
    generated_users,
    has_generated_data,
    reset,
)

__all__ = [
    "BENCH_PASSWORD",
    "DEFAULT_AS_OF",
    "DEFAULT_SEED",
    "USERNAME_PREFIX",
    "AlreadyGenerated",
    "Summary",
    "Targets",
    "checksum",
    "generate",
    "generated_users",
    "has_generated_data",
    "parts",
    "reset",
]
