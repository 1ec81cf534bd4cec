"""docs/screening.md documents every feature of the default matcher with its weight."""

from pathlib import Path

from hrdd.screening.matcher import DefaultMatcher

DOC = Path(__file__).resolve().parents[2] / "docs" / "screening.md"


def test_every_feature_and_config_var_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert f'NAME = "{DefaultMatcher.NAME}"' in text and f'VERSION = "{DefaultMatcher.VERSION}"' in text
    for feature in DefaultMatcher.FEATURES:
        row = next((line for line in text.splitlines() if line.startswith(f"| `{feature.name}` |")), None)
        assert row is not None, f"{feature.name} is not in the feature table"
        weight = row.split("|")[2].strip().replace("−", "-")
        assert float(weight) == feature.weight, feature.name
    for var in DefaultMatcher.CONFIG:
        assert f"`{var.name}`" in text
