"""One `.cypher` file of `queries/`: its header, its text, and the checks it must pass.

A query file starts with comment lines saying what it returns and one `// params: a, b` line.
Two kinds of `{{…}}` marks are allowed in the text:
- a slot, `{{rel_type}}`, declared by `// slots: rel_type`: an identifier Cypher cannot take as
  a parameter (a relationship type in MERGE), filled later by the registry;
- a fragment call, `{{node_view(account)}}`: the reviewed Cypher of `queries/fragments/
  node_view.cypher` with its argument (`// arguments: node`, written `{{node}}` in the
  fragment) replaced by a variable of the query. Fragments are expanded when the registry loads,
  so the rule they hold (what a caller may see) is written once and checked in every query that
  uses it; the parameters a fragment uses must be declared by the queries that call it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import LiteralString, cast

from graph_platform.errors import Problem, did_you_mean

#: The folder of `queries/` that holds fragments rather than queries.
FRAGMENTS = "fragments"
_HEADER = re.compile(r"^//\s*(?P<key>params|slots|arguments)\s*:(?P<names>.*)$")
_SLOT = re.compile(r"\{\{\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_CALL = re.compile(
    r"\{\{\s*(?P<fragment>[a-z][a-z0-9_]*)\(\s*(?P<argument>[A-Za-z_][A-Za-z0-9_]*)\s*\)\s*\}\}"
)
_NAME_PART = re.compile(r"^[a-z][a-z0-9_]*$")
_PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_PARAMS_HINT = "add '// params: a, b' (or '// params:' for none) to the header"
#: Fragments may call fragments, this deep at most (a cycle is reported, not followed).
MAX_DEPTH = 5
# Comments, string literals and quoted identifiers are skipped; what remains is searched for
# `$name` and `` $`quoted name` `` parameters (`$any(…)` / `$all(…)`, dynamic labels and types
# in a pattern, are not parameters).
_CYPHER_TOKEN = re.compile(
    r"""//[^\n]*
      | /\*.*?\*/
      | '(?:[^'\\]|\\.)*'
      | "(?:[^"\\]|\\.)*"
      | `(?:[^`]|``)*`
      | \$(?:(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?![A-Za-z0-9_]|\s*\()|`(?P<quoted>(?:[^`]|``)*)`)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class NamedQuery:
    """One query: its name, what it returns, its declared parameters and its text."""

    name: str
    path: Path
    description: str
    params: tuple[str, ...]
    text: LiteralString
    #: Identifier slots of a template (empty for a plain query).
    slots: tuple[str, ...] = ()


@dataclass
class QueryFile:
    """A file as read: name, header declarations and raw text (fragments not yet expanded)."""

    name: str
    path: Path
    description: str
    text: str
    declared: dict[str, list[str]] = field(default_factory=dict)

    @property
    def is_fragment(self) -> bool:
        return self.name.startswith(f"{FRAGMENTS}.")

    @property
    def fragment_name(self) -> str:
        return self.name.removeprefix(f"{FRAGMENTS}.")


def parameters_used(text: str) -> set[str]:
    """The `$parameters` a Cypher text refers to, ignoring comments and string literals."""
    used: set[str] = set()
    for match in _CYPHER_TOKEN.finditer(text):
        if match["name"]:
            used.add(match["name"])
        elif match["quoted"] is not None:
            used.add(match["quoted"].replace("``", "`"))
    return used


def read_file(directory: Path, path: Path, problems: list[Problem]) -> QueryFile | None:
    """Read one file and its header; problems are appended, None returned if it is unusable."""
    parts = [*path.relative_to(directory).parent.parts, path.stem]
    if not all(_NAME_PART.match(part) for part in parts):
        problems.append(
            Problem(str(path), "-", "folder and file names must be lower_snake_case", "rename it")
        )
        return None
    name = ".".join(parts)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem(str(path), "-", f"cannot be read: {error}", type=name))
        return None
    header: list[str] = []
    for line in text.splitlines():
        if not line.strip().startswith("//"):
            break
        header.append(line.strip())
    declared: dict[str, list[str]] = {}
    described: list[str] = []
    for line in header:
        match = _HEADER.match(line)
        if match is None:
            described.append(line.lstrip("/").strip())
            continue
        names = [n.strip() for n in match["names"].split(",") if n.strip()]
        if match["key"] in declared:
            problems.append(
                Problem(
                    str(path),
                    f"// {match['key']}",
                    f"the header needs exactly one {match['key']} line (found several)",
                    _PARAMS_HINT if match["key"] == "params" else f"keep one {match['key']} line",
                    type=name,
                )
            )
        declared[match["key"]] = names
    return QueryFile(name, path, " ".join(described).strip(), text, declared)


def expand(file: QueryFile, fragments: dict[str, QueryFile], problems: list[Problem]) -> str:
    """The file's text with every fragment call replaced by the fragment's text."""

    def call(match: re.Match[str], depth: int, chain: tuple[str, ...]) -> str:
        name, argument = match["fragment"], match["argument"]
        fragment = fragments.get(name)
        if fragment is None:
            hint = did_you_mean(name, fragments)
            problems.append(
                Problem(str(file.path), f"{{{{{name}(…)}}}}", "no such fragment", hint, file.name)
            )
            return match[0]
        if name in chain or depth >= MAX_DEPTH:
            problems.append(
                Problem(
                    str(file.path),
                    f"{{{{{name}(…)}}}}",
                    "fragments call each other in a cycle (or too deep)",
                    "",
                    file.name,
                )
            )
            return match[0]
        arguments = fragment.declared.get("arguments", [])
        body = "\n".join(
            line for line in fragment.text.splitlines() if not line.strip().startswith("//")
        ).strip()
        body = body.replace(f"{{{{{arguments[0]}}}}}", argument) if arguments else body
        return _CALL.sub(lambda inner: call(inner, depth + 1, (*chain, name)), body)

    return _CALL.sub(lambda match: call(match, 0, ()), file.text)


def check(file: QueryFile, text: str, problems: list[Problem]) -> NamedQuery | None:
    """Check a query's expanded text against its header; None if anything is wrong."""
    before = len(problems)

    def problem(key: str, message: str, suggestion: str = "") -> None:
        problems.append(Problem(str(file.path), key, message, suggestion, type=file.name))

    if not file.description:
        problem(
            "header", "no header comment saying what the query returns", "start with '// Returns …'"
        )
    if "params" not in file.declared:
        problem("// params", "the header needs exactly one params line", _PARAMS_HINT)
    declared = file.declared.get("params", [])
    for param in declared:
        if not _PARAM_NAME.match(param):
            problem(f"${param}", "is not a valid parameter name", "use letters, digits and _")
    for param in sorted({p for p in declared if declared.count(p) > 1}):
        problem(f"${param}", "is declared more than once", "declare each parameter once")
    slots = file.declared.get("slots", [])
    used_slots = {m["name"] for m in _SLOT.finditer(text)}
    for slot in sorted(used_slots - set(slots)):
        problem(f"{{{{{slot}}}}}", "is used but not declared in '// slots:'", "declare it")
    for slot in sorted(set(slots) - used_slots):
        problem(f"{{{{{slot}}}}}", "is declared in '// slots:' but never used", "remove it")
    body = "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))
    if not body.strip():
        problem("-", "has no query after the header")
    used = parameters_used(text)
    if "params" in file.declared:
        for param in sorted(used - set(declared)):
            hint = did_you_mean(param, declared, form="${}".format)
            problem(
                f"${param}",
                "is used in the query but not declared in '// params:'",
                hint or f"add {param} to the params line",
            )
        for param in sorted(set(declared) - used):
            problem(f"${param}", "is declared in '// params:' but never used", "remove it")
    if len(problems) > before:
        return None
    # The one place file text becomes a LiteralString: the file is reviewed code, not input.
    # (mypy treats LiteralString as str, so it calls the cast redundant; pyright does not.)
    literal = cast(LiteralString, text)  # type: ignore[redundant-cast]
    return NamedQuery(
        file.name, file.path, file.description, tuple(declared), literal, tuple(slots)
    )


def check_fragment(file: QueryFile, problems: list[Problem]) -> None:
    """A fragment declares one argument, uses it, and says what it expands to."""

    def problem(key: str, message: str, suggestion: str = "") -> None:
        problems.append(Problem(str(file.path), key, message, suggestion, type=file.name))

    if not file.description:
        problem("header", "no header comment saying what the fragment expands to", "add one")
    arguments = file.declared.get("arguments", [])
    if len(arguments) != 1:
        problem("// arguments", "a fragment takes exactly one argument", "'// arguments: node'")
    elif f"{{{{{arguments[0]}}}}}" not in file.text:
        problem(f"{{{{{arguments[0]}}}}}", "the argument is never used", "use it or remove it")
    declared, used = set(file.declared.get("params", [])), parameters_used(file.text)
    for param in sorted(used ^ declared):
        problem(f"${param}", "must be both used and declared in '// params:'", "fix the header")
