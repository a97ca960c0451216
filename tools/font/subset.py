#!/usr/bin/env python3
"""Builds Calmline's font: assets/fonts/CalmlineSans-Regular.otf.

The game draws all text, Chinese and Latin, with one font (Bevy has no font fallback).
This script takes the Simplified Chinese face of Noto Sans CJK (Debian package
fonts-noto-cjk, SIL Open Font License 1.1) and keeps only the characters Calmline needs:

  * printable ASCII, Latin-1 supplement, general punctuation (U+2000-206F), a few UI
    symbols (UI_SYMBOLS below), CJK symbols and punctuation (U+3000-303F) and half-width
    and full-width forms (U+FF00-FFEF);
  * every GB2312 hanzi (levels 1 and 2) and its Traditional form (OpenCC s2t);
  * the Big5 level-1 hanzi (common Traditional characters);
  * every character used in the dialogue files (*.ron under --extra-text DIR, default
    dialogues/), so a trainer's new line can always be drawn: re-run this script after
    adding characters outside the sets above; `calmline check` names any that are missing.

Characters of these sets that the source font has no glyph for are left out and listed.
The output keeps the CFF outlines, the whole name table and (by default) every OpenType
layout feature; CFF hints are dropped (about 16 % smaller, invisible at UI sizes). The same
inputs give the same bytes. It prints the glyph count, the characters covered and the size.

Requirements: Python 3, the Debian package fonts-noto-cjk
(/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc), and the packages in
tools/font/requirements.txt:
    python3 -m venv /tmp/fontenv && /tmp/fontenv/bin/pip install -r tools/font/requirements.txt
Run (from anywhere; paths are relative to the repository):
    /tmp/fontenv/bin/python tools/font/subset.py [--extra-text DIR ...] [--features LIST]
"""

import argparse
import os
import pathlib
import sys

try:
    import opencc
    from fontTools import subset
    from fontTools.ttLib import TTCollection
except ImportError as error:
    sys.exit(
        f"{error}. Install the requirements first:\n"
        "    python3 -m venv /tmp/fontenv && /tmp/fontenv/bin/pip install -r tools/font/requirements.txt\n"
        "and run the script with /tmp/fontenv/bin/python."
    )

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCE = pathlib.Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
OUTPUT = ROOT / "assets" / "fonts" / "CalmlineSans-Regular.otf"
# ✗ is listed but Noto Sans CJK has no glyph for it (nor ✔ ✕ ✘): the script reports it as missing.
UI_SYMBOLS = "→←↑↓↔⇒⇐✓✗•…·★☆▲▼△▽▶◀●○◎◯■□◆◇※♪♥♡⚠—–‘’“”«»‹›°±×÷√∞≤≥≈≠€™"


def gb2312_hanzi():
    chars = set()
    for lead in range(0xB0, 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes([lead, trail]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return {c for c in chars if "\u4e00" <= c <= "\u9fff"}


def big5_level1_hanzi():
    chars = set()
    for lead in range(0xA4, 0xC7):
        for trail in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
            try:
                chars.add(bytes([lead, trail]).decode("big5"))
            except UnicodeDecodeError:
                pass
    return {c for c in chars if "\u4e00" <= c <= "\u9fff"}


def traditional_forms(chars):
    converter = opencc.OpenCC("s2t")
    out = set()
    for c in chars:
        out.update(converter.convert(c))
    return out


def text_chars(folders):
    chars = set()
    for folder in folders:
        for path in pathlib.Path(folder).rglob("*.ron"):
            chars.update(path.read_text(encoding="utf-8"))
    return {c for c in chars if c.isprintable()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=pathlib.Path, default=SOURCE, help="the Noto Sans CJK .ttc")
    parser.add_argument("--output", type=pathlib.Path, default=OUTPUT)
    parser.add_argument(
        "--extra-text",
        action="append",
        type=pathlib.Path,
        default=None,
        metavar="DIR",
        help="folder whose *.ron files' characters are all kept (repeatable; default: dialogues/)",
    )
    parser.add_argument(
        "--features",
        default="ccmp,kern,liga,calt,mark,mkmk",
        help="OpenType layout features to keep, comma-separated (default: composition and "
        "kerning only; the regional (locl) and vertical alternates that '*' keeps would "
        "double the file for forms Calmline's horizontal, language-neutral UI never shows)",
    )
    args = parser.parse_args()
    if args.extra_text is None:
        default = ROOT / "dialogues"
        args.extra_text = [default] if default.is_dir() else []
    for folder in args.extra_text:
        if not folder.is_dir():
            sys.exit(f"--extra-text {folder}: not a directory")

    if not args.source.exists():
        sys.exit(f"{args.source} not found: apt-get install fonts-noto-cjk")
    # recalcTimestamp=False keeps head.modified from the source, so the output is byte-for-byte
    # reproducible from the same inputs.
    collection = TTCollection(str(args.source), recalcTimestamp=False)
    face = next(
        (f for f in collection.fonts if f["name"].getDebugName(1) == "Noto Sans CJK SC"),
        None,
    )
    if face is None:
        sys.exit("the collection has no 'Noto Sans CJK SC' face")

    simplified = gb2312_hanzi()
    wanted = set(chr(c) for c in range(0x20, 0x7F))  # printable ASCII
    wanted |= set(chr(c) for c in range(0xA0, 0x100))  # Latin-1 supplement
    wanted |= set(chr(c) for c in range(0x2000, 0x2070))  # general punctuation
    wanted |= set(chr(c) for c in range(0x3000, 0x3040))  # CJK symbols and punctuation
    wanted |= set(chr(c) for c in range(0xFF00, 0xFFF0))  # half-width and full-width forms
    wanted |= set(UI_SYMBOLS)
    wanted |= simplified | traditional_forms(simplified) | big5_level1_hanzi()
    dialogue = text_chars(args.extra_text)
    wanted |= dialogue

    cmap = face.getBestCmap()
    unicodes = sorted(ord(c) for c in wanted if ord(c) in cmap)
    missing = sorted(c for c in wanted - dialogue if ord(c) not in cmap)
    missing_dialogue = sorted(c for c in dialogue if ord(c) not in cmap)

    options = subset.Options()
    options.layout_features = args.features.split(",")
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.hinting = False  # CFF hints: dropping them saves about 0.9 MB (16 %)
    options.desubroutinize = False  # keep CFF subroutines: smaller file
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(face)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    face.save(str(args.output))

    size = os.path.getsize(args.output)
    shown = args.output.relative_to(ROOT) if args.output.resolve().is_relative_to(ROOT) else args.output
    print(f"wrote {shown}")
    print(f"  glyphs: {face['maxp'].numGlyphs}")
    print(f"  characters covered: {len(unicodes)} ({len(dialogue)} distinct in {len(args.extra_text)} text folder(s))")
    print(f"  size: {size} bytes ({size / 1e6:.2f} MB)")
    if missing:
        codes = " ".join(f"U+{ord(c):04X}" for c in missing)
        print(f"  requested but not in the source font, left out ({len(missing)}): {codes}")
    if missing_dialogue:
        chars = " ".join(f"{c} (U+{ord(c):04X})" for c in missing_dialogue)
        print(f"  WARNING: dialogue characters the source font cannot draw: {chars}")

if __name__ == "__main__":
    main()
