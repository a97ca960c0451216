#!/usr/bin/env python3
"""An independent check of the Chinese scripts, outside Calmline's own `check`: every
Han character in a zh-Hant file must be usable in Traditional Chinese, and every one in a
Simplified (zh) file usable in Simplified Chinese. It judges characters with
`hanzidentifier` (CC-CEDICT's character lists), not with OpenCC, which `check` uses.

Usage: tools/script-audit.py [FILE_OR_FOLDER ...]   (default: dialogues/ and src/text/)
A file's script is read from its path: `zh-Hant`/`zh_hant` means Traditional, `zh`/
`zh_hans` Simplified. Exit status 1 when a character of the other script is found."""
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
    """(line, column, string) of every double-quoted string outside // comments."""
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
            for k, ch in buf:
                out.append((line + text.count("\n", i, k), k - (text.rfind("\n", 0, k) + 1) + 1, ch))
            line += text.count("\n", i, j)
            i = j + 1
            continue
        i += 1
    return out


def audit(path: pathlib.Path) -> int:
    want = script_of(path)
    if want is None:
        return 0
    text = path.read_text(encoding="utf-8")
    bad = 0
    for line, col, ch in strings_of(text):
        if not HAN(ch):
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
