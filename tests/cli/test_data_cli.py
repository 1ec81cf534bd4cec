"""``hrdd data`` and ``hrdd country`` through the command line."""

import json
from pathlib import Path

from click.testing import CliRunner

from hrdd.cli import cli


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_every_data_command_has_help() -> None:
    for command in ("build-baseline", "import", "update", "status"):
        code, out, _ = _run("data", command, "--help")
        assert code == 0 and "Usage:" in out and len(out.splitlines()) > 3


def test_status_lists_the_shipped_baseline_as_json() -> None:
    code, out, _ = _run("data", "status", "--format", "json")
    assert code == 0
    rows = {r["source"]: r for r in json.loads(out)}
    assert rows["vdem"]["version"] == "v14" and rows["vdem"]["licence"] == "CC BY-SA 4.0"
    assert rows["wgi"]["origin"] == "shipped baseline"


def test_import_then_status_then_problems(tmp_path: Path) -> None:
    path = tmp_path / "ratings.csv"
    path.write_text("iso3,rating,date\nFRA,narrowed,2024-12-01\nQQQ,open,2024-12-01\nRUS,closed,2024-12-01\n",
                    encoding="utf-8")
    code, out, err = _run("data", "import", "civicus", str(path))
    assert code == 0, err
    assert "civicus: CIVICUS Monitor 2024 - 2 countries" in out and "1 rejected" in out
    assert f"{path}:3" in err  # the rejected row, with file and line
    code, out, _ = _run("data", "status")
    assert code == 0 and "civicus" in out and "loaded: 20" in out
    code, out, _ = _run("data", "status", "--problems", "civicus")
    assert code == 0 and "'QQQ'" in out


def test_update_of_a_restricted_source_is_refused_with_exit_code_2() -> None:
    code, _, err = _run("data", "update", "rsf")
    assert code == 2
    assert "hrdd data import rsf FILE" in err


def test_bad_url_option_is_reported() -> None:
    code, _, err = _run("data", "update", "wgi", "--url", "nonsense")
    assert code == 2 and "SOURCE=VALUE" in err


def test_build_baseline_to_a_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    for folder in ("iso_country_codes", "vdem_v15", "wgi"):
        (data / folder).mkdir(parents=True)
    (data / "iso_country_codes" / "country-codes.csv").write_text(
        "ISO3166-1-Alpha-2,ISO3166-1-Alpha-3,ISO3166-1-numeric,official_name_en,UNTERM English Short,"
        "UNTERM English Formal,CLDR display name\nNO,NOR,578,Norway,Norway,the Kingdom of Norway,Norway\n",
        encoding="utf-8")
    (data / "vdem_v15" / "vdem_v15.csv").write_text(
        "country_name,country_text_id,country_id,year,v2x_civlib\nNorway,NOR,1,2024,0.9\n", encoding="utf-8")
    (data / "wgi" / "wgi.csv").write_text("code,countryname,year,indicator,estimate\nNOR,Norway,2024,rl,1.9\n",
                                          encoding="utf-8")
    out_dir = tmp_path / "out"
    code, out, err = _run("data", "build-baseline", "--from", str(data), "--to", str(out_dir))
    assert code == 0, err
    assert "vdem v15: 1 countries" in out and "(1 countries)" in out
    assert (out_dir / "baseline.json").is_file() and (out_dir / "iso.json").is_file()
    code, _, err = _run("data", "build-baseline", "--from", str(tmp_path / "nowhere"))
    assert code == 2 and "does not exist" in err


def test_country_page_formats_and_output_file(tmp_path: Path) -> None:
    code, out, _ = _run("country", "Norway")
    assert code == 0 and out.startswith("Norway (NO)") and "V-Dem v14" in out
    code, out, _ = _run("country", "NO", "--format", "json")
    assert json.loads(out)["country"]["code"] == "NO"
    target = tmp_path / "no.html"
    code, _, err = _run("country", "nor", "--format", "html", "-o", str(target))
    assert code == 0 and "wrote" in err
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_unknown_country_suggests_a_name() -> None:
    code, _, err = _run("country", "Germny")
    assert code == 1
    assert "did you mean DE (Germany)" in err
