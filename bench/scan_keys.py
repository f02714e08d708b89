"""What the wordlists' keys cost the scan: every message pays a look at each character that can
start a key and is followed by a character that can come second (checker/lexicon.py, _Scanner).

    python bench/scan_keys.py                               # this checkout
    python bench/scan_keys.py --baseline-root /tmp/old      # + the starts and seconds it added

Prints the anchor scanner's first-character matches on the bench corpus (bench/corpus.py,
length "mixed"), how many of them the bigram sets then reject, the characters most often
rejected, and with a baseline the new first and second characters with the keys that brought
them: re-key those (店付现金, not 到店付现金) or leave them out, and say so in the wordlist.
"""
from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

_PROBE = r"""
import json, sys, collections
sys.path.insert(0, sys.argv[1]); sys.path.insert(0, sys.argv[2])
import corpus
from checker.engine import Checker
c = Checker().warm(); sc = c.lexicon._anchor_scan
keys = list(sc.by_key)
msgs = corpus.generate(int(sys.argv[3]), seed=0, length="mixed")
matches = rejected = 0
chars = collections.Counter()
for m in msgs:
    f = c.normalizer.fold(m)
    for mm in sc.first_re.finditer(f):
        i = mm.start(); b = f[i:i + 2]; matches += 1
        if not (b in sc.bigrams and (b in sc.pairs or f[i:i + 3] in sc.trigrams)) and f[i] not in sc.singles:
            rejected += 1; chars[f[i]] += 1
print(json.dumps({"keys": keys, "starts": sorted(set(sc.singles) | {k[0] for k in keys if len(k) >= 2}),
                  "seconds": sorted({k[1] for k in keys if len(k) >= 2}), "matches": matches,
                  "rejected": rejected, "top": chars.most_common(15)}, ensure_ascii=False))
"""


def probe(root: Path, n: int) -> dict:
    out = subprocess.run([sys.executable, "-c", _PROBE, str(root), str(HERE), str(n)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=30000, help="messages of the bench corpus")
    ap.add_argument("--baseline-root", type=Path, help="an older checkout to compare with")
    args = ap.parse_args()
    now = probe(HERE.parent, args.n)
    print(f"{len(now['keys'])} keys, {len(now['starts'])} first characters, {len(now['seconds'])} second characters")
    print(f"first-character matches on {args.n:,} messages: {now['matches']:,} ({now['rejected']:,} rejected by the bigram sets)")
    print("most rejected first characters:", " ".join(f"{ch}×{k}" for ch, k in now["top"]))
    if args.baseline_root:
        old = probe(args.baseline_root, args.n)
        print(f"baseline: {old['matches']:,} matches ({old['rejected']:,} rejected)")
        new_keys = sorted(set(now["keys"]) - set(old["keys"]))
        for label, field, pos in (("new first characters", "starts", 0), ("new second characters", "seconds", 1)):
            added = sorted(set(now[field]) - set(old[field]))
            print(f"{label}: {' '.join(added) or '(none)'}")
            for ch in added:
                brought = [k for k in new_keys if len(k) > pos and k[pos] == ch][:6]
                print(f"  {ch}: {', '.join(brought)}")


if __name__ == "__main__":
    main()
