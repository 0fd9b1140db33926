"""Reference solutions of the dlkata course, one module per topic.

The regions between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` are what
students write; ``dlkata sync`` turns them into stubs in ``exercises/``.
"""
