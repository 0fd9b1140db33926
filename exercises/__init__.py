"""Your dlkata exercises, one module per topic: replace each `raise NotImplementedError`
and run `dlkata check <topic>`."""
