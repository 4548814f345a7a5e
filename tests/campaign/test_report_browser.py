"""The report as a person sees it: opened from disk in headless Chromium (Debian's `chromium`).

Each test opens the page and checks that it loaded without an error or a warning in the
console, that it asked the network for nothing, and that every chart is drawn: the right size
(its own size on a wide window, the window's width on a phone, never squashed) and not blank
(many colours, and ink, in its box on a screenshot). Without Chromium these tests are skipped,
except in CI (CI=true), where they fail: `.ci/run` installs it.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from bot.campaign.report_command import build
from bot.storage.store import Store
from bot.testing.clock import FakeClock
from tests.campaign.browser import Chromium, chromium_path
from tests.campaign.report_data import NOW, START, fill
from tests.ci import in_ci

pytestmark = pytest.mark.slow

CHARTS = {"subscribers", "broadcasts", "topics", "triage", "helpfulness", "fallback"}
MEASURE = """Array.from(document.querySelectorAll('svg[data-chart]')).map(s => {
  const r = s.getBoundingClientRect(), vb = s.viewBox.baseVal;
  return {key: s.dataset.chart, x: r.left + scrollX, y: r.top + scrollY, width: r.width,
          height: r.height, vbw: vb.width, vbh: vb.height,
          drawn: s.querySelectorAll('path, use, image, text').length,
          title: s.querySelector('title') && s.querySelector('title').textContent};
})"""


@pytest.fixture(scope="module")
def browser_path() -> str:
    path = chromium_path()
    if path is None:
        if in_ci():
            pytest.fail("chromium is not installed; CI=true, so the browser tests must not be "
                        "skipped (.ci/run installs it)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return path


async def _page(tmp_path: Path, filled: bool) -> Path:
    clock = FakeClock(START)
    async with await Store.open(f"sqlite:///{tmp_path}/db.sqlite3", clock=clock) as store:
        if filled:
            await fill(store, clock)
        built = await build(store, now=NOW)
    path = tmp_path / "report.html"
    path.write_text(built.html, encoding="utf-8")
    return path


def _not_blank(shot: Image.Image, box: dict[str, float]) -> tuple[int, float]:
    """Colours in the chart's box, and the share of its pixels that are not white."""
    crop = shot.crop((round(box["x"]), round(box["y"]), round(box["x"] + box["width"]),
                      round(box["y"] + box["height"]))).convert("RGB")
    colours = crop.getcolors(maxcolors=1 << 20) or []
    ink = sum(n for n, rgb in colours if min(rgb) < 235)
    return len(colours), ink / (crop.width * crop.height)


@pytest.mark.parametrize("width", [1000, 480])
async def test_every_chart_is_drawn_at_its_size(browser_path: str, tmp_path: Path,
                                                width: int) -> None:
    page_file = await _page(tmp_path, filled=True)
    async with Chromium(browser_path) as browser:
        page = await browser.open(page_file, width=width)
        charts = await page.evaluate(MEASURE)
        shot = Image.open(io.BytesIO(await page.screenshot()))
        assert page.errors == []
        # The page itself and images inside it (data: URLs), nothing from anywhere else.
        fetched = [url for url in page.requests if not url.startswith("data:image/png;")]
        assert fetched == [page_file.resolve().as_uri()]
        content = await page.evaluate("document.querySelector('main').clientWidth")
    assert {c["key"] for c in charts} == CHARTS
    for chart in charts:
        # Drawn at its own size (a point is 4/3 of a CSS pixel) or shrunk to fit the column,
        # never stretched or squashed.
        expected = min(chart["vbw"] * 4 / 3, content - 2 * 20)
        assert chart["width"] == pytest.approx(expected, abs=1.5), chart
        assert chart["height"] == pytest.approx(chart["width"] * chart["vbh"] / chart["vbw"],
                                                abs=1.5), chart
        assert chart["height"] > 100 and chart["drawn"] > 20, chart
        assert chart["title"], chart
        colours, ink = _not_blank(shot, chart)
        assert colours > 20 and ink > 0.03, (chart["key"], colours, ink)


async def test_the_empty_report_is_a_friendly_page(browser_path: str, tmp_path: Path) -> None:
    page_file = await _page(tmp_path, filled=False)
    async with Chromium(browser_path) as browser:
        page = await browser.open(page_file)
        text = await page.evaluate("document.body.innerText")
        charts = await page.evaluate(MEASURE)
        assert page.errors == []
        assert page.requests == [page_file.resolve().as_uri()]
    assert "Nothing to report yet" in text and charts == []
