"""Grading a large class on the platforms courses already run.

``dlkata export`` writes what each platform needs to grade with dlkata, and
``dlkata grade --nbgrader`` brings dlkata's scores into nbgrader's gradebook:

- :mod:`.gradescope`: a Gradescope autograder zip (``setup.sh``,
  ``run_autograder``) and the entry point ``run_autograder`` calls;
- :mod:`.prairielearn`: a PrairieLearn external-grader image and entry point;
- :mod:`.classroom`: a GitHub Classroom autograding workflow for a student
  repository;
- :mod:`.nbgradebook`: ``dlkata grade`` over nbgrader's ``submitted/`` folder,
  written back into ``gradebook.db``.

The part every platform shares is in :mod:`.settings` (what a bundle grades
with, and the wheel of this checkout it installs), :mod:`.grade` (one
submission folder into one result per exercise, and each exercise's feedback
text) and :mod:`.warm` (the expected outputs computed when the grader's image
is built, so that grading a submission imports no TensorFlow).
"""
