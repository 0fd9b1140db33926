"""JSON Schemas of the platforms' results files, written from their documented fields.

Nothing beyond the documented fields is allowed where the documentation lists
them all, so a results file that a platform would misread fails here.
"""

#: https://gradescope-autograders.readthedocs.io/en/latest/specs/ ("Output format",
#: "Controlling Test Case Visibility", "Controlling standard output visibility").
_GRADESCOPE_VISIBILITY = {"enum": ["hidden", "after_due_date", "after_published", "visible"]}

GRADESCOPE_RESULTS = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "score": {"type": "number"},
        "execution_time": {"type": "number", "minimum": 0},
        "output": {"type": "string"},
        "visibility": _GRADESCOPE_VISIBILITY,
        "stdout_visibility": _GRADESCOPE_VISIBILITY,
        "extra_data": {"type": "object"},
        "tests": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "score": {"type": "number"},
                    "max_score": {"type": "number", "minimum": 0},
                    "name": {"type": "string"},
                    "number": {"type": "string"},
                    "output": {"type": "string"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "visibility": _GRADESCOPE_VISIBILITY,
                    "extra_data": {"type": "object"},
                },
            },
        },
        "leaderboard": {
            "type": "array",
            "items": {"type": "object", "required": ["name", "value"],
                      "properties": {"name": {"type": "string"}, "value": {"type": ["number", "string"]},
                                     "order": {"enum": ["asc", "desc"]}}},
        },
    },
    # "score: optional, but required if not on each test case"
    "anyOf": [
        {"required": ["score"]},
        {"required": ["tests"], "properties": {"tests": {"items": {"required": ["score"]}}}},
    ],
}

#: https://prairielearn.readthedocs.io/en/latest/externalGrading/ ("Grading results"): ``score`` in
#: [0, 1] is the one required field of a gradable result; ``gradable: false`` needs no score and may
#: carry ``format_errors`` (a string or a list of them); ``tests`` as ``<pl-external-grader-results>``
#: renders them. Other top-level fields are allowed ("you may add any additional data").
_PL_IMAGES = {"type": "array", "items": {"anyOf": [
    {"type": "string"},
    {"type": "object", "required": ["url"], "properties": {"url": {"type": "string"}, "label": {"type": "string"}}},
]}}

PRAIRIELEARN_RESULTS = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "gradable": {"type": "boolean"},
        "score": {"type": "number", "minimum": 0, "maximum": 1},
        "message": {"type": "string"},
        "output": {"type": "string"},
        "format_errors": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
        "images": _PL_IMAGES,
        "tests": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string"},
                    "description": {"type": "string"},
                    "points": {"type": "number", "minimum": 0},
                    "max_points": {"type": "number", "minimum": 0},
                    "message": {"type": "string"},
                    "output": {"type": "string"},
                    "images": _PL_IMAGES,
                },
            },
        },
    },
    "if": {"properties": {"gradable": {"const": False}}, "required": ["gradable"]},
    "then": {},
    "else": {"required": ["score"]},
}

#: PrairieLearn refuses results over this many bytes.
PRAIRIELEARN_MAX_BYTES = 1_000_000
