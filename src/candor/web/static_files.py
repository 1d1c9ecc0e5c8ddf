"""The static files the pages load, all from this machine: the app's own, the report's CSS and script, plotly.js.

plotly.js normally injects CSS into inline <style> elements, which the app's
CSP blocks; `plotly_css` and `plotly_style_guards` let the pages load the
same rules as a file instead.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path

TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml"}
CACHE = "public, max-age=3600"


@cache
def files() -> dict[str, Path]:
    """Name under /static -> file on disk."""
    out: dict[str, Path] = {}
    web = resources.files("candor.web").joinpath("static")
    for item in web.iterdir():
        if Path(item.name).suffix in TYPES:
            out[item.name] = Path(str(item))
    report = resources.files("candor.report").joinpath("assets")
    for name in ("report.css", "report.js"):
        out[name] = Path(str(report.joinpath(name)))
    out["plotly.min.js"] = Path(str(resources.files("plotly").joinpath("package_data", "plotly.min.js")))
    return out


# plotly.js keeps its CSS as a JS object of selector -> declarations and injects
# it into a <style> element at load, which a strict CSP blocks. A page that has
# an element with id "plotly.js-style-global" and class "no-inline-styles" (the
# <link> in base.html) stops the injection; this serves the same rules as a file.
_RULES = re.compile(r"""\{("X,X div":.*?)\};for\(""", re.DOTALL)
_PAIR = re.compile(r"""("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'):("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')""")


@cache
def plotly_css() -> str:
    source = files()["plotly.min.js"].read_text(encoding="utf-8")
    found = _RULES.search(source)
    if not found:  # a plotly.js that stores its CSS differently: charts still draw, unstyled modebar
        return "/* plotly.js rules not found in this plotly version */\n"
    rules = []
    for key, value in _PAIR.findall(found.group(1)):
        selector = key[1:-1].replace("X", ".js-plotly-plot .plotly").replace("Y", ".plotly-notifier")
        selector = " ," + selector[1:] if selector.startswith(",") else selector
        rules.append(f"{selector}{{{value[1:-1]}}}")
    return "/* plotly.js's own rules, from the installed plotly package */\n" + "\n".join(rules) + "\n"


_GUARDED_STYLE = re.compile(r'if\(!document\.getElementById\("([\w-]+)"\)\)\{var \w+=document\.createElement\("style"\)')


@cache
def plotly_style_guards() -> tuple[str, ...]:
    """Ids whose presence stops plotly.js from injecting a bundled stylesheet (its map library's CSS).

    Charts here draw no maps, so a page only needs an element with each id
    (see base.html) for plotly.js to skip the inline <style> the CSP would block.
    """
    source = files()["plotly.min.js"].read_text(encoding="utf-8")
    return tuple(dict.fromkeys(_GUARDED_STYLE.findall(source)))
