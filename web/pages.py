"""The operator page at /: paste a draft, see risky spans highlighted, upload a log for an audit.

The page is one Jinja template (autoescaped) plus static JS/CSS served by the app itself: no
CDN. The script builds every highlight with textContent, and a strict Content-Security-Policy
(no inline script, no external origin) backs that up."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template

pages = Blueprint("pages", __name__)  # templates/ and static/ are the app's (web/)

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


@pages.get("/")
def index():
    st = current_app.extensions["msgcheck"]
    profiles = [st.checker.profiles.get(n) for n in st.checker.profiles.names()]
    html = render_template("index.html", profiles=profiles, default=st.checker.settings.platform,
                           auth=st.config.auth_enabled, max_text=st.config.max_text, max_body=st.config.max_body)
    return html, 200, {"Content-Security-Policy": CSP, "Referrer-Policy": "no-referrer",
                       "X-Frame-Options": "DENY", "Cache-Control": "no-store"}
