#!/usr/bin/env python3
"""Counts the public functions of jeton's I/O object modules with and without a
`# Examples` section in their doc comment (issue 10: "every public method of the I/O objects
has an example where it helps").

Usage: scripts/doc_examples.py [--list] [DIR ...]   (default: the I/O object folders of src/)

A function counts when it is declared `pub fn` (not `pub(crate)`/`pub(super)`) and is not
`#[doc(hidden)]`; methods are the indented ones (inside an `impl`), free functions the
others. Its doc comment is the run of `///` lines (and attributes) just above it. It "has an
example" when that comment has an `# Examples` section; it is "shown" when it has none but a
doctest of the same file calls it (`.name(` for a method, `Type::name(` for an associated
function, `name(` for a free function: a getter shown with its setter, methods grouped in one
example). `--list` prints every function that is neither, as
`path:line name`.
"""

import os
import re
import sys

DIRS = ["net", "io", "time", "file", "posix", "signal", "serial", "process", "channel"]
IMPL = re.compile(r"^impl\b(?:<.*?>)?\s+(?:[\w:<>, ]+\s+for\s+)?(\w+)")
PUB_FN = re.compile(r"^(\s*)pub\s+(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?fn\s+(\w+)")


def doctest_code(lines):
    """Returns the code of every doctest in the doc comments of `lines`, as one string."""
    code, inside = [], False
    for line in lines:
        t = line.strip()
        if not t.startswith("///"):
            inside = False
            continue
        t = t[3:].strip()
        if t.startswith("```"):
            inside = not inside
        elif inside:
            code.append(t)
    return "\n".join(code)


def functions(path):
    """Yields (line number, name, is_method, state) for each public fn of `path`; state is
    "example", "shown" or "none"."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    code = doctest_code(lines)
    impl_type = None
    for i, line in enumerate(lines):
        im = IMPL.match(line)
        if im:
            impl_type = im.group(1)
        m = PUB_FN.match(line)
        if not m:
            continue
        doc, hidden = [], False
        j = i - 1
        while j >= 0:
            prev = lines[j].strip()
            if prev.startswith("///"):
                doc.append(prev)
            elif prev.startswith("#["):
                hidden |= "doc(hidden)" in prev
            else:
                break
            j -= 1
        if hidden:
            continue
        name = m.group(2)
        signature = " ".join(lines[i : i + 8]).split("{")[0]
        if not m.group(1):
            call = r"(::|^|[\s(!&])" + name + r"\("  # a free function
        elif re.search(r"\(\s*&?(mut\s+)?(self|mut self)\b", signature):
            call = r"\." + name + r"\("  # a method: called on a value
        else:
            call = r"\b" + (impl_type or r"\w+") + "::" + name + r"\("  # Type::name(
        if any(d.startswith("/// # Examples") for d in doc):
            state = "example"
        elif re.search(call, code, re.M):
            state = "shown"
        else:
            state = "none"
        yield i + 1, name, bool(m.group(1)), state


STATES = ("example", "shown", "none")


def main():
    args = sys.argv[1:]
    listing = "--list" in args
    dirs = [a for a in args if a != "--list"] or [os.path.join("src", d) for d in DIRS]
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    totals = {k: dict.fromkeys(STATES, 0) for k in ("method", "function")}
    missing = []
    print("own example / shown in another example of its file / none")
    print(f"{'folder':<10}{'methods':>18}{'free functions':>22}")
    for d in dirs:
        counts = {k: dict.fromkeys(STATES, 0) for k in ("method", "function")}
        for dirpath, _, files in sorted(os.walk(os.path.join(root, d))):
            for name in sorted(files):
                if not name.endswith(".rs"):
                    continue
                path = os.path.join(dirpath, name)
                for line, fn, is_method, state in functions(path):
                    kind = "method" if is_method else "function"
                    counts[kind][state] += 1
                    totals[kind][state] += 1
                    if state == "none":
                        missing.append(f"{os.path.relpath(path, root)}:{line} {fn}")
        print(f"{os.path.basename(d):<10}{fmt(counts['method']):>18}{fmt(counts['function']):>22}")
    print(f"{'total':<10}{fmt(totals['method']):>18}{fmt(totals['function']):>22}")
    if listing:
        print("\nwith no example:")
        print("\n".join(missing))


def fmt(c):
    return " / ".join(str(c[s]) for s in STATES)


if __name__ == "__main__":
    main()
