"""Repository-level pytest configuration."""

import os

# Figures render without a screen, in tests and CI alike.
os.environ.setdefault("MPLBACKEND", "Agg")


def pytest_addoption(parser):
    parser.addoption(
        "--write-validation-report",
        action="store_true",
        default=False,
        help="write validation/REPORT.md from the validation cases that ran",
    )
