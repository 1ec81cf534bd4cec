# The two set-up commands of the README: `make demo` and `make test`.
.PHONY: demo test lint typecheck unit bench setup fuzz docs screenshots

demo:
	@scripts/setup.sh
	.venv/bin/python scripts/load_shared_lists.py
	.venv/bin/hrdd assess examples/01-city-police-video-analytics-br.yaml
	.venv/bin/hrdd assess examples/01-city-police-video-analytics-br.yaml --format html -o build/report.html
	@echo "HTML report written to build/report.html"

test:
	@scripts/setup.sh --dev
	@scripts/browser-setup.sh
	.venv/bin/ruff check hrdd tests bench scripts
	.venv/bin/mypy
	scripts/test.sh

docs:  # regenerate every generated block in docs/ (hrdd/docgen; checked by tests/docgen/test_cog.py)
	.venv/bin/python -m cogapp -r $$(.venv/bin/python -c 'from hrdd.docgen import COG_FILES; print(" ".join(COG_FILES))')
	.venv/bin/python -m hrdd.docgen.schema

lint:
	.venv/bin/ruff check hrdd tests bench scripts

typecheck:
	.venv/bin/mypy

unit:
	.venv/bin/python -m pytest -q -x

bench:
	.venv/bin/python -m bench.assess
	.venv/bin/python -m bench.screening

# the long schemathesis run (>= 10,000 generated calls); writes docs/fuzzing.md
fuzz:
	.venv/bin/python -m bench.fuzz --max-examples 100 --output docs/fuzzing.md

# the screenshots of the main pages in docs/screenshots/ (taken by the browser tests; see docs/web.md)
screenshots:
	HRDD_SCREENSHOTS=1 .venv/bin/python -m pytest -q -p no:cacheprovider tests/browser/test_accessibility.py tests/browser/test_review_walk.py -k 'axe or review_once'
