"""The docs stay true: what README.md and docs/*.md show runs.

- the Quick start is the two commands, and CI runs the second verbatim;
- every ``newsflow …`` command line shown (in shell blocks and inline code) parses with the
  real argument parser, and every verb is documented;
- every ```sql block runs on a warehouse the real pipeline built from the bundled samples
  (plus one empty file, so ``rejected_files`` has a row to show); the README's worked
  queries must also return rows there, or they show a reader nothing;
- every link between the documents points at a file and a heading that exist;
- the warehouse contract in docs/architecture.md is the schema's own.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from flows.cli import build_parser
from tasks.db import ROOT, SAMPLES_DIR

sys.path.insert(0, str(ROOT / "scripts"))
from warehouse_contract import DOC as ARCHITECTURE
from warehouse_contract import with_contract

DOCS = (ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")))
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.S | re.M)
SHELL_LANGS = ("", "sh", "bash", "shell", "console")
OPERATORS = frozenset({"|", "||", "&", "&&", ";", "(", ")", "<", ">", ">>"})


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


# ------------------------------------------------------------------ quick start


def _quick_start() -> list[str]:
    readme = _read(ROOT / "README.md")
    section = readme.split("## Quick start", 1)[1]
    block = re.search(r"```(?:sh|bash)?\n(.*?)```", section, re.S)
    assert block, "README's Quick start has no fenced block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_quick_start_has_exactly_two_commands() -> None:
    commands = _quick_start()
    assert len(commands) == 2
    assert commands[0].endswith("newsflow run")


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = _read(ROOT / ".ci" / "run")
    assert _quick_start()[1] in ci.splitlines()


def test_every_cli_verb_is_documented() -> None:
    readme = _read(ROOT / "README.md")
    for verb in _verbs():
        assert f"newsflow {verb}" in readme, verb


def _verbs() -> list[str]:
    parser = build_parser()
    return list(next(a for a in parser._actions if a.dest == "verb").choices)


# -------------------------------------------------------------- command lines


def _argvs(line: str) -> Iterator[list[str]]:
    """The arguments of each ``newsflow`` command in a shell line (pipes, ``&&``,
    redirections and comments understood; ``VAR=value`` prefixes skipped)."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    lexer.commenters = "#"
    tokens = list(lexer)
    at_start = True
    for i, token in enumerate(tokens):
        if token in OPERATORS:
            at_start = True
        elif at_start and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", token):
            continue
        elif at_start and token == "newsflow":
            argv = []
            for arg in tokens[i + 1 :]:
                if arg in OPERATORS:
                    break
                argv.append(arg)
            yield argv
            at_start = False
        else:
            at_start = False


def _command_lines() -> Iterator[tuple[str, str, bool]]:
    """(where, line, inline) for every ``newsflow …`` command the docs show: each line of a
    shell block that runs newsflow, and each inline code span that starts with it."""
    for path in DOCS:
        text = _read(path)
        for block in FENCE.finditer(text):
            if block.group(1) not in SHELL_LANGS:
                continue
            number, pending = _line_of(text, block.start(2)), ""
            for n, line in enumerate(block.group(2).splitlines(), number):
                if line.endswith("\\"):  # a command continued on the next line
                    pending += line[:-1] + " "
                    continue
                command, pending = pending + line, ""
                if list(_argvs(command)):
                    yield f"{_name(path)}:{n}", command, False
        prose = FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
        for span in re.finditer(r"`([^`]+)`", prose):
            code = " ".join(span.group(1).split())
            if code.startswith("newsflow "):
                yield f"{_name(path)}:{_line_of(prose, span.start())}", code, True


COMMAND_LINES = list(_command_lines())


def test_the_docs_show_command_lines() -> None:
    # the parser below must have something to check: the README alone shows every verb
    assert sum(1 for where, _, inline in COMMAND_LINES if not inline and where.startswith("README")) >= 8


@pytest.mark.parametrize(("where", "line", "inline"), COMMAND_LINES, ids=[w for w, _, _ in COMMAND_LINES])
def test_command_line_parses(where: str, line: str, inline: bool) -> None:
    for argv in _argvs(line):
        if inline and len(argv) == 1 and argv[0] in _verbs():
            continue  # prose naming a verb (`newsflow serve`), not a command to run
        stderr = io.StringIO()
        try:
            with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
                build_parser().parse_args(argv)
        except SystemExit as exc:  # argparse exits 0 after --help, 2 on an error
            assert exc.code == 0, f"{where}: {line!r} does not parse:\n{stderr.getvalue()}"


# ------------------------------------------------------------------------- SQL


def _sql_blocks() -> Iterator[tuple[str, str]]:
    for path in DOCS:
        text = _read(path)
        for block in FENCE.finditer(text):
            if block.group(1) == "sql":
                yield f"{_name(path)}:{_line_of(text, block.start(2))}", block.group(2)


SQL_BLOCKS = list(_sql_blocks())


@pytest.fixture(scope="module")
def samples_warehouse(tmp_path_factory: pytest.TempPathFactory, prefect_harness: None) -> Path:
    """The warehouse one real pipeline run builds from the bundled samples (once per session)."""
    from flows.pipeline import run

    inbox = tmp_path_factory.mktemp("inbox")
    for sample in SAMPLES_DIR.glob("*.txt"):
        shutil.copy(sample, inbox / sample.name)
    (inbox / "empty.txt").write_bytes(b"")  # rejected: the queries on rejected_files show a row
    db = tmp_path_factory.mktemp("wh") / "newsflow.duckdb"
    summary = run([str(inbox)], db=str(db))
    assert summary.published and summary.files_new == 5 and summary.files_rejected == 1
    return db


def test_the_readme_shows_queries() -> None:
    assert sum(1 for where, _ in SQL_BLOCKS if where.startswith("README")) >= 6


@pytest.mark.flow
@pytest.mark.parametrize(("where", "sql"), SQL_BLOCKS, ids=[w for w, _ in SQL_BLOCKS])
def test_sql_block_runs_on_the_samples(where: str, sql: str, samples_warehouse: Path) -> None:
    con = duckdb.connect(str(samples_warehouse), read_only=True)
    try:
        for statement in con.extract_statements(sql):
            query = statement.query.strip()
            try:
                rows = con.execute(query).fetchall()
            except duckdb.Error as exc:
                pytest.fail(f"{where}: {exc}\n{query}")
            if where.startswith("README"):
                assert rows, f"{where}: returns no rows on the samples' warehouse:\n{query}"
    finally:
        con.close()


# ----------------------------------------------------------------------- links


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    prose = FENCE.sub("", _read(path))
    return {_anchor(m.group(1)) for m in re.finditer(r"^#{1,6}\s+(.+?)\s*$", prose, re.M)}


def _links() -> Iterator[tuple[str, Path, str]]:
    for path in DOCS:
        prose = FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), _read(path))
        for m in re.finditer(r"\]\(([^)\s]+)\)", prose):
            target = m.group(1)
            if re.match(r"[a-z]+:", target):  # http:, file:, mailto:
                continue
            file, _, anchor = target.partition("#")
            yield f"{_name(path)}:{_line_of(prose, m.start())}", (path.parent / file if file else path), anchor


def test_links_between_the_docs_resolve() -> None:
    broken = []
    for where, target, anchor in _links():
        if not target.exists():
            broken.append(f"{where}: no file {target.relative_to(ROOT)}")
        elif anchor and target.suffix == ".md" and anchor not in _anchors(target):
            broken.append(f"{where}: no heading #{anchor} in {target.relative_to(ROOT)}")
    assert not broken, "\n".join(broken)


def test_anchor_follows_github() -> None:
    assert _anchor("Benchmarks (a)–(e)") == "benchmarks-ae"  # noqa: RUF001 (the dash drops)
    assert _anchor("Why two workers stop near 1.6×") == "why-two-workers-stop-near-16"  # noqa: RUF001
    assert _anchor("Incremental runs, changed files and `--full-refresh`") == (
        "incremental-runs-changed-files-and---full-refresh")
    assert _anchor("`dict_version`") == "dict_version"
    assert _anchor("The samples' hand labels") == "the-samples-hand-labels"


# -------------------------------------------------------------------- contract


def test_architecture_holds_the_schemas_contract() -> None:
    current = _read(ARCHITECTURE)
    assert current == with_contract(current), (
        "docs/architecture.md's warehouse contract is out of date: run python scripts/warehouse_contract.py")
