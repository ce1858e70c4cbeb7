#!/usr/bin/env python3
"""The chapter notes: one source, two renderings.

The notes (chapters/NN_name/README.md) are written in the Markdown a code forge and an
editor's preview render as they are: math in $...$ and $$...$$, links between chapters
as relative links ([chapter 03](../03_mlp/README.md)), figures by relative paths to the
committed reference figures (../../docs/figures/chNN_*.png). This script converts
between that form and Doxygen's:

  python3 scripts/notes_markup.py to-forge [README.md ...]
      Rewrite the notes in place into the forge form (default: every chapter README).
      Idempotent: converts what is still in Doxygen markup (\\f$ \\f[ \\f] \\ref chNN,
      heading {#id}, bare figure names, {width=...}) and refreshes the previous/next
      links at the end of each chapter; a file already in forge form is left as it is.
  python3 scripts/notes_markup.py check
      Exit 1 (and name the files) if to-forge would change a chapter README.
  python3 scripts/notes_markup.py to-doxygen OUTDIR
      Write the Doxygen form of every chapter README into OUTDIR/NN_name.md ($ -> \\f$,
      $$ -> \\f[ \\f], links -> \\ref, figures -> \\image html). Used by the docs target.
  python3 scripts/notes_markup.py fix-html HTMLDIR
      Finish the built HTML book: every <img> gets its caption as alt text, the
      empty file pages Doxygen writes for the Markdown inputs (*_8md.html) go, with
      their entries in the search index, and so does the empty "pages" tab.

Code (fenced blocks, indented blocks and `inline code`) is never touched. A dollar
sign meant as a dollar in the prose is written \\$.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHAPTERS = os.path.join(ROOT, "chapters")
FIG_REL = "../../docs/figures/"          # from chapters/NN_name/ to the figures
NAV_MARK = "<!-- previous/next: written by scripts/notes_markup.py -->"


def chapter_dirs():
    return sorted(d for d in os.listdir(CHAPTERS)
                  if re.fullmatch(r"\d\d_\w+", d)
                  and os.path.isfile(os.path.join(CHAPTERS, d, "README.md")))


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def title_of(text):
    first = text.split("\n", 1)[0]
    first = re.sub(r"\s*\{#[A-Za-z0-9_]+\}\s*$", "", first)
    return first.lstrip("#").strip()


# ---------------------------------------------------------------- code-aware splitting
FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})")


def split_code(text):
    """Yield (is_code, chunk) pieces: fenced/indented code blocks and inline code spans
    are code; everything else is prose (which may hold math)."""
    lines = text.split("\n")
    out = []          # list of (is_code, str)
    prose = []
    i = 0
    prev_blank = True
    in_list = False
    while i < len(lines):
        line = lines[i]
        m = FENCE.match(line)
        if m:
            fence = m.group(2)
            j = i + 1
            while j < len(lines) and not lines[j].lstrip().startswith(fence):
                j += 1
            if prose:
                out.append((False, "\n".join(prose) + "\n"))
                prose = []
            block = lines[i:j + 1]
            out.append((True, "\n".join(block) + ("\n" if j + 1 < len(lines) else "")))
            i = j + 1
            prev_blank = False
            continue
        if re.match(r"^\s*([-*+]|\d+\.)\s", line):
            in_list = True
        elif line.strip() == "":
            pass
        elif not line.startswith(" "):
            in_list = False
        # Indented code block: 4 spaces after a blank line, outside a list.
        if prev_blank and not in_list and line.startswith("    ") and line.strip():
            j = i
            while j < len(lines) and (lines[j].startswith("    ") or not lines[j].strip()):
                j += 1
            if prose:
                out.append((False, "\n".join(prose) + "\n"))
                prose = []
            out.append((True, "\n".join(lines[i:j]) + ("\n" if j < len(lines) else "")))
            i = j
            prev_blank = False
            continue
        prose.append(line)
        prev_blank = line.strip() == ""
        i += 1
    if prose:
        out.append((False, "\n".join(prose)))
    elif out and out[-1][1].endswith("\n") and not text.endswith("\n"):
        out[-1] = (out[-1][0], out[-1][1][:-1])
    # inline code spans inside prose
    res = []
    for is_code, chunk in out:
        if is_code:
            res.append((True, chunk))
            continue
        pos = 0
        for m in re.finditer(r"(?<!\\)(`+)(?!`)(.+?)(?<!`)\1(?!`)", chunk, re.S):
            res.append((False, chunk[pos:m.start()]))
            res.append((True, m.group(0)))
            pos = m.end()
        res.append((False, chunk[pos:]))
    return res


def map_prose(text, fn):
    return "".join(c if code else fn(c) for code, c in split_code(text))


# ---------------------------------------------------------------- slugs (GitHub style)
def github_slug(heading):
    s = heading.strip().lower()
    s = re.sub(r"[^\w\- ]", "", s)     # keeps letters, digits, _, -, space (unicode \w)
    return s.replace(" ", "-")


def label_of(chnum, slug):
    ascii_ = re.sub(r"[^a-z0-9]+", "_", slug.encode("ascii", "ignore").decode()).strip("_")
    return "ch%s_%s" % (chnum, ascii_)


def heading_text_plain(h):
    """Heading text as a forge shows it (math delimiters dropped), for its slug."""
    h = re.sub(r"\s*\{#[A-Za-z0-9_]+\}\s*$", "", h)
    return h.replace("\\f$", "").replace("$", "")


# ---------------------------------------------------------------- to-forge
def forge_math(prose):
    # display math: \f[ ... \f] -> $$ ... $$ ; inline \f$ x \f$ -> $x$ (no inner spaces)
    prose = prose.replace("\\f[", "$$").replace("\\f]", "$$")

    def inline(m):
        body = m.group(1).strip()
        body = re.sub(r"\s*\n\s*", " ", body)
        return "$" + body + "$"
    prose = re.sub(r"\\f\$(.*?)\\f\$", inline, prose, flags=re.S)
    return prose


def robust_math(body):
    """Math that survives a Markdown renderer that does not know math: no `*` (emphasis),
    no `\\{` `\\}` (Markdown escapes), no `\\\\` (an escaped backslash). MathJax and KaTeX
    read the replacements the same way."""
    def sep(m, word):
        nxt = m.string[m.end():m.end() + 1]
        return word + (" " if nxt.isalpha() else "")
    body = re.sub(r"\\\\", lambda m: sep(m, "\\cr"), body)
    body = re.sub(r"\\\{", lambda m: sep(m, "\\lbrace"), body)
    body = re.sub(r"\\\}", lambda m: sep(m, "\\rbrace"), body)
    body = re.sub(r"(?<!\\)\*", lambda m: sep(m, "\\ast"), body)
    return body


def robust_math_spans(prose):
    return re.sub(r"(?<!\\)(\$\$?)(.+?)(?<!\\)\1",
                  lambda m: m.group(1) + robust_math(m.group(2)) + m.group(1), prose, flags=re.S)


def to_forge(path, dirs):
    text = read(path)
    chdir = os.path.basename(os.path.dirname(path))
    chnum = chdir[:2]
    by_num = {d[:2]: d for d in dirs}
    # labels defined in this file: {#label} on headings
    labels = {}
    for m in re.finditer(r"^(#+)\s+(.*?)\s*\{#([A-Za-z0-9_]+)\}\s*$", text, re.M):
        labels[m.group(3)] = (m.group(2), github_slug(heading_text_plain(m.group(2))))

    def prose_fn(p):
        p = forge_math(p)

        def ref(m):
            lab = m.group(1)
            start = m.start()
            before = p[max(0, start - 3):start]
            cap = start == 0 or re.search(r"(^|[.!?]\s+|\n\s*\n)$", p[:start]) is not None
            mm = re.fullmatch(r"ch(\d\d)", lab)
            if mm and mm.group(1) in by_num:
                word = ("Chapter " if cap else "chapter ") + mm.group(1)
                target = "../%s/README.md" % by_num[mm.group(1)]
                if mm.group(1) == chnum:
                    target = "#" + github_slug(title_of(text))
                return "[%s](%s)" % (word, target)
            if lab in labels:
                htxt, slug = labels[lab]
                return "[%s](#%s)" % (forge_math(htxt).strip(), slug)
            sys.stderr.write("%s: \\ref %s: unknown label, left as it is\n" % (path, lab))
            return m.group(0)
        p = re.sub(r"\\ref\s+([A-Za-z0-9_]+)", ref, p)
        # figures: bare names -> relative path to docs/figures; {width=N} -> <img width>
        def img(m):
            cap, src, width = m.group(1), m.group(2), m.group(3)
            if not re.match(r"^[a-z]+:|/", src):
                src = FIG_REL + os.path.basename(src)
            if width:
                w = re.sub(r"px$", "", width)
                return '<img src="%s" alt="%s" width="%s">' % (src, cap.replace('"', "&quot;"), w)
            return "![%s](%s)" % (cap, src)
        p = re.sub(r"!\[([^\]\n]*)\]\(([^)\s]+)\)(?:\{width=([0-9]+(?:px)?)\})?", img, p)
        # heading labels
        p = re.sub(r"^(#+[ \t]+.*?)[ \t]*\{#[A-Za-z0-9_]+\}[ \t]*$", r"\1", p, flags=re.M)
        return robust_math_spans(p)

    new = map_prose(text, prose_fn)
    new = re.sub(r"\n*" + re.escape(NAV_MARK) + r".*\Z", "", new, flags=re.S).rstrip("\n") + "\n"
    new += "\n" + NAV_MARK + "\n" + nav_line(chdir, dirs) + "\n"
    return text, new


def nav_line(chdir, dirs):
    i = dirs.index(chdir)
    parts = []
    if i > 0:
        t = title_of(read(os.path.join(CHAPTERS, dirs[i - 1], "README.md")))
        parts.append("← Previous: [%s](../%s/README.md)" % (t, dirs[i - 1]))
    parts.append("[All chapters](../../README.md#reading-the-notes)")
    if i + 1 < len(dirs):
        t = title_of(read(os.path.join(CHAPTERS, dirs[i + 1], "README.md")))
        parts.append("Next: [%s](../%s/README.md) →" % (t, dirs[i + 1]))
    return "---\n\n" + " · ".join(parts)


# ---------------------------------------------------------------- to-doxygen
def to_doxygen(path, dirs):
    text = read(path)
    chdir = os.path.basename(os.path.dirname(path))
    chnum = chdir[:2]
    by_dir = {d: d[:2] for d in dirs}
    lines = text.split("\n")
    # heading labels: the title gets chNN, the others chNN_<slug>
    slug2label = {}
    first = True
    in_fence = False
    for i, line in enumerate(lines):
        if FENCE.match(line):
            in_fence = not in_fence
        if in_fence:
            continue
        m = re.match(r"^(#+)\s+(.*?)\s*$", line)
        if not m:
            continue
        slug = github_slug(heading_text_plain(m.group(2)))
        lab = "ch" + chnum if first else label_of(chnum, slug)
        first = False
        slug2label[slug] = lab
        lines[i] = "%s %s {#%s}" % (m.group(1), m.group(2), lab)
    text = "\n".join(lines)
    text = re.sub(r"\n*" + re.escape(NAV_MARK) + r"\n---\n", "\n\n<hr>\n", text)

    def prose_fn(p):
        # display math first ($$ on a line of its own, or $$ ... $$ on one line)
        out, n = [], 0
        for piece in re.split(r"(\$\$)", p):
            if piece == "$$":
                out.append("\\f[" if n % 2 == 0 else "\\f]")
                n += 1
            else:
                out.append(piece)
        p = "".join(out)
        p = re.sub(r"(?<!\\)\$(.+?)(?<!\\)\$", lambda m: "\\f$" + m.group(1) + "\\f$", p,
                   flags=re.S)

        def img_md(m):
            cap, src = m.group(1), m.group(2)
            return '\\image html %s "%s"' % (os.path.basename(src), cap.replace('"', "'"))
        p = re.sub(r"!\[([^\]\n]*)\]\((?:\.\./\.\./docs/figures/)([^)\s]+)\)", img_md, p)

        def img_html(m):
            attrs = dict(re.findall(r'(\w+)="([^"]*)"', m.group(0)))
            src = os.path.basename(attrs.get("src", ""))
            cap = attrs.get("alt", "").replace("&quot;", "'")
            w = (" width=%spx" % attrs["width"]) if "width" in attrs else ""
            return '\\image html %s "%s"%s' % (src, cap, w)
        p = re.sub(r'<img\s+src="\.\./\.\./docs/figures/[^"]+"[^>]*>', img_html, p)

        def link(m):
            txt, target = m.group(1), m.group(2)
            mm = re.fullmatch(r"\.\./(\d\d_\w+)/README\.md(?:#(.*))?", target)
            if mm and mm.group(1) in by_dir:
                num = by_dir[mm.group(1)]
                if mm.group(2):
                    other = to_doxygen_labels(os.path.join(CHAPTERS, mm.group(1), "README.md"))
                    lab = other.get(mm.group(2))
                    if lab is None:
                        raise SystemExit("%s: link to %s: no such heading" % (path, target))
                else:
                    lab = "ch" + num
                return '\\ref %s "%s"' % (lab, txt.replace('"', "'"))
            if target.startswith("#"):
                lab = slug2label.get(target[1:])
                if lab is None:
                    raise SystemExit("%s: link to %s: no such heading" % (path, target))
                return '\\ref %s "%s"' % (lab, txt.replace('"', "'"))
            if target.startswith("../../README.md"):
                return '\\ref index "%s"' % txt
            return m.group(0)
        p = re.sub(r"(?<!!)\[([^\]\n]+)\]\(([^)\s]+)\)", link, p)
        return p

    return map_prose(text, prose_fn)


def to_doxygen_labels(path):
    chnum = os.path.basename(os.path.dirname(path))[:2]
    labs, first = {}, True
    in_fence = False
    for line in read(path).split("\n"):
        if FENCE.match(line):
            in_fence = not in_fence
        m = None if in_fence else re.match(r"^(#+)\s+(.*?)\s*$", line)
        if m:
            slug = github_slug(heading_text_plain(m.group(2)))
            labs[slug] = "ch" + chnum if first else label_of(chnum, slug)
            first = False
    return labs


# ---------------------------------------------------------------- HTML alt text
def alt_text(htmldir):
    n = 0
    pat = re.compile(r'<img src="([^"]+)" alt="[^"]*"([^>]*>)(\s*(?:</div>\s*)?'
                     r'<div class="caption">\s*(.*?)\s*</div>)', re.S)
    for name in os.listdir(htmldir):
        if not name.endswith(".html"):
            continue
        p = os.path.join(htmldir, name)
        s = read(p)

        def fix(m):
            nonlocal n
            n += 1
            alt = re.sub(r"<[^>]+>", "", m.group(4)).replace('"', "&quot;")
            return '<img src="%s" alt="%s"%s%s' % (m.group(1), alt, m.group(2), m.group(3))
        s2 = pat.sub(fix, s)
        if s2 != s:
            with open(p, "w", encoding="utf-8") as f:
                f.write(s2)
    return n


def drop_pages_tab(htmldir):
    """The chapters are sub-pages of the main page: the tree view lists them, and the
    "pages" tab (which has to stay on for that) would lead to an empty list. Drop the tab."""
    p = os.path.join(htmldir, "menudata.js")
    if not os.path.isfile(p):
        return 0
    s = read(p)
    s2 = re.sub(r'^\{text:"[^"]*",url:"pages\.html"\},?\n', "", s, flags=re.M)
    if s2 != s:
        with open(p, "w", encoding="utf-8") as f:
            f.write(s2)
    return int(s2 != s)


def drop_md_file_pages(htmldir):
    gone = [n for n in os.listdir(htmldir) if n.endswith("_8md.html")]
    for n in gone:
        os.remove(os.path.join(htmldir, n))
    sdir = os.path.join(htmldir, "search")
    if gone and os.path.isdir(sdir):
        pat = re.compile(r"^.*\.\./(%s)['\"].*\n" % "|".join(re.escape(n) for n in gone), re.M)
        for n in os.listdir(sdir):
            if n.endswith(".js"):
                p = os.path.join(sdir, n)
                s = read(p)
                s2 = pat.sub("", s)
                if s2 != s:
                    with open(p, "w", encoding="utf-8") as f:
                        f.write(s2)
    return len(gone)


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0 if len(argv) >= 2 else 2
    dirs = chapter_dirs()
    cmd = argv[1]
    if cmd in ("to-forge", "check"):
        files = argv[2:] if cmd == "to-forge" and len(argv) > 2 else \
            [os.path.join(CHAPTERS, d, "README.md") for d in dirs]
        changed = []
        for f in files:
            old, new = to_forge(os.path.abspath(f), dirs)
            if new != old:
                changed.append(f)
                if cmd == "to-forge":
                    with open(f, "w", encoding="utf-8") as fh:
                        fh.write(new)
        if cmd == "check" and changed:
            print("notes_markup: not in forge form (run python3 scripts/notes_markup.py "
                  "to-forge): " + ", ".join(changed))
            return 1
        if cmd == "to-forge":
            print("notes_markup: %d of %d file(s) rewritten" % (len(changed), len(files)))
        return 0
    if cmd == "to-doxygen":
        out = argv[2]
        os.makedirs(out, exist_ok=True)
        for d in dirs:
            s = to_doxygen(os.path.join(CHAPTERS, d, "README.md"), dirs)
            with open(os.path.join(out, d + ".md"), "w", encoding="utf-8") as fh:
                fh.write(s)
        return 0
    if cmd == "fix-html":
        n_alt = alt_text(argv[2])
        n_md = drop_md_file_pages(argv[2])
        drop_pages_tab(argv[2])
        print("notes_markup: alt text on %d figure(s); %d empty *_8md.html page(s) removed"
              % (n_alt, n_md))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
