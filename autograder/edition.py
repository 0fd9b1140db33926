"""Which edition this installation is.

``"instructor"``: the course checkout (solutions, the registry's case
generators and oracles, TensorFlow, every command). ``"student"``: what
``dlkata release`` writes (stubs, the engine a student runs, the public cases
as data, no answers, no TensorFlow). The release copies the engine's files as
they are and writes only this marker anew, so one source serves both.
"""

EDITION = "instructor"


def is_student() -> bool:
    """Whether this is the student edition."""
    return EDITION == "student"
