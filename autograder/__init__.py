"""dlkata's grading engine: registry, oracles, comparison, sandbox, reports."""
