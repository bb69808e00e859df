"""Kanji person-name extents: rules (PERSON_NAME / BARE_PERSON) vs SudachiPy 人名 tags, on every expected
unregistered kanji-named person of the asserted corpus (tests/loader_corpus/ only: the held-out folders stay
unread, so a set that is still blind is never measured against, and so never tuned on, through this script)."""
import glob, re, sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
from newskb.extract.names import PERSON_NAME, BARE_PERSON
from newskb.extract.spans import _mask_quotes
from sudachipy import dictionary, tokenizer
# needs sudachipy + sudachidict_core, which are not dependencies: a measurement only
tok = dictionary.Dictionary().create()
MODE = tokenizer.Tokenizer.SplitMode.C
KANJI = re.compile(r"^[一-龥々]+$")
rows = []
for exp in sorted(glob.glob(str(REPO / "tests/loader_corpus/*.expect.yaml"))):
    lines = open(exp.replace(".expect.yaml", ".txt")).read().split("\n")
    for st in (yaml.safe_load(open(exp)).get("statements") or []):
        sp = st.get("speaker")
        if not isinstance(sp, dict) or sp.get("kind") != "person" or not KANJI.match(sp["name"]): continue
        line = lines[st["line"] - 1]
        if sp["name"] not in line: continue
        rows.append((exp, st["line"], sp["name"], line))
def rules(line, name):
    t = _mask_quotes(line)
    found = [m.group("name") for p in (PERSON_NAME, BARE_PERSON) for m in p.finditer(t)]
    return name in found, [f for f in found if name in f or f in name]
def sudachi(line, name):
    i = line.index(name)
    a, b = i, i + len(name)
    while a > 0 and re.match(r"[一-龥々]", line[a - 1]): a -= 1
    while b < len(line) and re.match(r"[一-龥々]", line[b]): b += 1
    ms = list(tok.tokenize(line[a:b], MODE))
    # the name: the last stretch of 人名 tokens, with one 地名 token right before a given name (久我山|透子)
    out, cur = [], []
    for m in ms:
        pos = m.part_of_speech()
        if pos[1] == "固有名詞" and (pos[2] == "人名" or pos[2] == "地名" and not cur):
            cur.append(m.surface())
        else:
            if cur: out.append("".join(cur))
            cur = []
    if cur: out.append("".join(cur))
    return name in out, out
r_ok = s_ok = 0
for exp, n, name, line in rows:
    r, rf = rules(line, name); s, sf = sudachi(line, name)
    r_ok += r; s_ok += s
    if not (r and s): print(exp.split("/")[-2][-9:], exp.split("/")[-1][:20], n, name, "rules", rf, "sudachi", sf)
print(f"kanji person names: {len(rows)}; rules exact {r_ok}; sudachi exact {s_ok}")
