#!/usr/bin/env python3
"""An independent check of the Chinese scripts, outside Calmline's own `check`: every
Han character in a zh-Hant file must be usable in Traditional Chinese, and every one in a
Simplified (zh) file usable in Simplified Chinese. It judges characters with
`hanzidentifier` (CC-CEDICT's character lists), not with OpenCC, which `check` uses.

Usage: tools/script-audit.py [FILE_OR_FOLDER ...]   (default: dialogues/ and src/text/)
A file's script is read from its path: `zh-Hant`/`zh_hant` means Traditional, `zh`/
`zh_hans` Simplified. In other files (`personas.ron`) a string written after `zh_hant:`
is judged as Traditional and one after `zh:` as Simplified. Exit status 1 when a
character of the other script is found."""
import pathlib
import sys

import hanzidentifier

HAN = lambda c: "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff"


def script_of(path: pathlib.Path):
    s = str(path)
    if "zh-Hant" in s or "zh_hant" in s:
        return "traditional"
    if "/zh/" in s or "zh_hans" in s:
        return "simplified"
    return None


def strings_of(text: str):
    """(line, column, character, field) for every character of every double-quoted string
    outside // comments; `field` is the name written just before the string (`zh_hant`
    in `zh_hant: "…"`), or ""."""
    out, i, line, col0 = [], 0, 1, 0
    while i < len(text):
        c = text[i]
        if c == "\n":
            line, col0 = line + 1, i + 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = len(text) if j < 0 else j
            continue
        elif c == '"':
            j, buf = i + 1, []
            while j < len(text) and text[j] != '"':
                if text[j] == "\\":
                    j += 1
                buf.append((j, text[j] if j < len(text) else ""))
                j += 1
            before = text[text.rfind("\n", 0, i) + 1 : i].rstrip()
            field = before[:-1].split()[-1].strip("(,") if before.endswith(":") and before[:-1].split() else ""
            for k, ch in buf:
                out.append((line + text.count("\n", i, k), k - (text.rfind("\n", 0, k) + 1) + 1, ch, field))
            line += text.count("\n", i, j)
            i = j + 1
            continue
        i += 1
    return out


def audit(path: pathlib.Path) -> int:
    file_script = script_of(path)
    text = path.read_text(encoding="utf-8")
    bad = 0
    for line, col, ch, field in strings_of(text):
        want = file_script or {"zh_hant": "traditional", "zh": "simplified"}.get(field)
        if want is None or not HAN(ch):
            continue
        ok = hanzidentifier.is_traditional(ch) if want == "traditional" else hanzidentifier.is_simplified(ch)
        if not ok:
            print(f"{path}:{line}:{col}: `{ch}` is not {want} Chinese")
            bad += 1
    return bad


def main() -> int:
    args = [pathlib.Path(a) for a in sys.argv[1:]] or [pathlib.Path("dialogues"), pathlib.Path("src/text")]
    files = []
    for a in args:
        files += sorted(p for p in a.rglob("*") if p.suffix in (".ron", ".rs")) if a.is_dir() else [a]
    bad = sum(audit(f) for f in files)
    print(f"{len(files)} files, {bad} characters of the other script")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
