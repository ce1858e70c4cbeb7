#!/usr/bin/env python3
"""The book's figures: every figure a chapter's notes show is in docs/figures/, and
every PNG in docs/figures/ is shown by some chapter (no orphans). Also checks that the
notes are in forge form (scripts/notes_markup.py check). Cheap: reads text files only.
Usage: python3 tests/figures_test.py [REPO_ROOT]"""
import glob
import os
import re
import subprocess
import sys

root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                       os.path.join(os.path.dirname(__file__), ".."))
figdir = os.path.join(root, "docs", "figures")
errors = []
shown = {}
img = re.compile(r'!\[[^\]]*\]\(([^)\s]+\.png)\)|<img\s+src="([^"]+\.png)"')
for readme in sorted(glob.glob(os.path.join(root, "chapters", "*", "README.md"))):
    here = os.path.dirname(readme)
    rel = os.path.relpath(readme, root)
    with open(readme, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            for m in img.finditer(line):
                src = m.group(1) or m.group(2)
                path = os.path.normpath(os.path.join(here, src))
                if os.path.dirname(path) != figdir:
                    errors.append("%s:%d: %s is not in docs/figures/ (write ../../docs/figures/NAME.png)"
                                  % (rel, n, src))
                elif not os.path.isfile(path):
                    errors.append("%s:%d: %s does not exist (regenerate: bash scripts/figures.sh)"
                                  % (rel, n, src))
                shown.setdefault(os.path.basename(path), rel)
committed = sorted(os.path.basename(p) for p in glob.glob(os.path.join(figdir, "*.png")))
for name in committed:
    if name not in shown:
        errors.append("docs/figures/%s: shown by no chapter README (show it in the notes, or "
                      "stop the program from drawing it and delete it)" % name)
if not shown:
    errors.append("no chapter README shows a figure: wrong repository root %s?" % root)
check = subprocess.run([sys.executable, os.path.join(root, "scripts", "notes_markup.py"), "check"],
                       capture_output=True, text=True)
if check.returncode != 0:
    errors.append(check.stdout.strip() or check.stderr.strip())
for e in errors:
    print("FAIL: " + e)
if errors:
    sys.exit(1)
size = sum(os.path.getsize(os.path.join(figdir, n)) for n in committed)
print("figures: %d shown, %d committed (%.1f MB), all present, none orphaned; notes in forge form"
      % (len(shown), len(committed), size / 1e6))
