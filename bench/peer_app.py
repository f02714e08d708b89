"""The 15-line app a user might write instead of `msgcheck serve`: Flask + flashtext holding every
lexicon term, same gunicorn settings (bench/bench_api.py --only bare,peer compares the two)."""
import sys

from flask import Flask, jsonify, request
from flashtext import KeywordProcessor

from checker.engine import Checker

kp = KeywordProcessor()
for term in Checker().lexicon.terms():
    kp.add_keyword(term)
app = Flask(__name__)
print("engine ready", file=sys.stderr, flush=True)   # bench_api waits for this line per worker


@app.post("/v1/check")
def check():
    hits = kp.extract_keywords(request.get_json()["text"], span_info=True)
    return jsonify(verdict="block" if hits else "pass", findings=[{"term": t, "start": s, "end": e} for t, s, e in hits])


@app.get("/readyz")
def readyz():
    return jsonify(ready=True)
