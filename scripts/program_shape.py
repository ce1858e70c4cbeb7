#!/usr/bin/env python3
"""Shape of the chapter programs (issue 11): lines per file, length of main() and of the
longest other function. A program is main.cpp (the chapter's story) and, where that would be
too long, companion files program_*.cpp (figures, metrics file); each file is measured alone. A function is a definition that starts at column 0 (or inside a
namespace at column 0) with a line ending in '{' after a ')' and ends at the matching brace.

    python3 scripts/program_shape.py [--check] [files...]   (default: chapters/*/main.cpp and program_*.cpp)

--check: exit 1 if a file has more than 400 lines, main() more than 80 or another function
more than 60 (the limits of docs/DESIGN.md)."""
import argparse
import glob
import re
import sys

MAX_FILE, MAX_MAIN, MAX_FN = 400, 80, 60
SIG = re.compile(r'^(?:static\s+|inline\s+|template\s*<[^>]*>\s*)*[A-Za-z_][\w:<>,\s\*&]*?\b([A-Za-z_]\w*)\s*\(')


def strip_strings(line):
    line = re.sub(r'"(\\.|[^"\\])*"', '""', line)
    line = re.sub(r"'(\\.|[^'\\])*'", "''", line)
    return line.split('//')[0]


def functions(path):
    lines = open(path, encoding='utf-8').read().split('\n')
    out = []
    i = 0
    while i < len(lines):
        m = SIG.match(lines[i])
        if m and not lines[i].startswith((' ', '\t', '}', '#', '/')) and m.group(1) not in (
                'if', 'for', 'while', 'switch', 'return'):
            # find the opening brace of the body (signature may span lines)
            j = i
            while j < len(lines) and '{' not in strip_strings(lines[j]) and ';' not in strip_strings(lines[j]):
                j += 1
            if j < len(lines) and '{' in strip_strings(lines[j]):
                depth = 0
                k = j
                while k < len(lines):
                    s = strip_strings(lines[k])
                    depth += s.count('{') - s.count('}')
                    if depth == 0:
                        break
                    k += 1
                out.append((m.group(1), i + 1, k - i + 1))
                i = k + 1
                continue
        i += 1
    return out, len(lines) - (1 if lines and lines[-1] == '' else 0)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--check', action='store_true')
    ap.add_argument('--max-file', type=int, default=MAX_FILE, help='file limit for --check (default %(default)s)')
    ap.add_argument('files', nargs='*')
    a = ap.parse_args()
    files = a.files or sorted(glob.glob('chapters/*/main.cpp') + glob.glob('chapters/*/program_*.cpp'))
    bad = []
    print(f"{'program file':50} {'lines':>5} {'main':>5}  longest other function")
    for f in files:
        fns, n = functions(f)
        main_len = max((l for name, _, l in fns if name == 'main'), default=0)
        others = [(l, name) for name, _, l in fns if name != 'main']
        lo = max(others, default=(0, '-'))
        print(f"{f:50} {n:5} {main_len:5}  {lo[1]} ({lo[0]} lines)")
        if n > a.max_file:
            bad.append(f"{f}: {n} lines (at most {a.max_file})")
        if main_len > MAX_MAIN:
            bad.append(f"{f}: main() is {main_len} lines (at most {MAX_MAIN})")
        for l, name in others:
            if l > MAX_FN:
                bad.append(f"{f}: {name}() is {l} lines (at most {MAX_FN}; split it into named steps)")
    if a.check and bad:
        print('\n'.join(['program_shape: FAILED'] + bad), file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
