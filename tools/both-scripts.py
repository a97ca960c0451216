#!/usr/bin/env python3
"""Prints the characters that OpenCC's character tables list among their own
conversions: written the same in Simplified and Traditional Chinese. Calmline's
`src/engine/call/script.rs` keeps the two lists so `check` never flags them.

Usage: tools/both-scripts.py PATH/TO/opencc/dictionaries
(for example the `assets/dictionaries` folder of the ferrous-opencc crate source)."""
import pathlib
import sys

folder = pathlib.Path(sys.argv[1])
for name in ("STCharacters.txt", "TSCharacters.txt"):
    both = []
    for line in (folder / name).read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        key, _, values = line.partition("\t")
        if key in values.split():
            both.append(key)
    print(f"{name}: {''.join(both)}")
