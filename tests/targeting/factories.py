"""An index spec over two indicators, for tests."""

import json

SPEC = {
    "code": "hardship",
    "name": "Levekår",
    "level": "subdistrict",
    "method": "exponential_rank",
    "components": [
        {"indicator": "not_employed", "weight": 0.5},
        {"indicator": "employed", "weight": 0.5},
    ],
}


def write_spec(tmp_path, spec):
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    return str(path)
