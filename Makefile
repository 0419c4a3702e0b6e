# Shortcuts for those who have make; each calls dev.py, which works with python3 alone.
.PHONY: run test lint bench format
run:
	python3 dev.py start
test:
	python3 dev.py test
lint:
	python3 dev.py lint
format:
	.venv/bin/ruff format .
bench:
	python3 dev.py bench
