"""What a person does on the pages (log in, read a flash message) and what the page checks read."""

import os
from pathlib import Path
from typing import Any

PASSWORD = "browser test password 0123"

# Run in the page: the accessibility facts every page must hold.
ACCESSIBILITY_PROBLEMS_JS = """
() => {
  const problems = [];
  const lang = (document.documentElement.getAttribute('lang') || '').trim();
  if (!lang) problems.push('<html> has no lang attribute');
  const h1 = document.querySelectorAll('h1').length;
  if (h1 !== 1) problems.push(`${h1} <h1> elements (want exactly one)`);
  if (!(document.title || '').trim()) problems.push('<title> is empty');
  const skip = new Set(['hidden', 'submit', 'button', 'reset', 'image']);
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (skip.has((el.getAttribute('type') || '').toLowerCase())) continue;
    const labelled = Array.from(el.labels || []).some(l => l.textContent.trim())
      || (el.getAttribute('aria-label') || '').trim()
      || (el.getAttribute('aria-labelledby') || '').split(/\\s+/).some(id => id && document.getElementById(id));
    if (!labelled) problems.push(`${el.tagName.toLowerCase()} name="${el.name}" has no label`);
  }
  const ids = new Map();
  for (const el of document.querySelectorAll('[id]')) ids.set(el.id, (ids.get(el.id) || 0) + 1);
  for (const [id, n] of ids) if (n > 1) problems.push(`id "${id}" is used ${n} times`);
  for (const el of document.querySelectorAll('[aria-labelledby]')) {
    for (const id of el.getAttribute('aria-labelledby').split(/\\s+/)) {
      const target = id && document.getElementById(id);
      if (!target) problems.push(`aria-labelledby="${id}" names no element`);
      else if (target.matches('input, select, textarea, button')) problems.push(`aria-labelledby="${id}" names a form control`);
    }
  }
  for (const img of document.querySelectorAll('img:not([alt])')) problems.push(`<img src="${img.src}"> has no alt`);
  return problems;
}
"""


def accessibility_problems(page: Any) -> list[str]:
    problems: list[str] = page.evaluate(ACCESSIBILITY_PROBLEMS_JS)
    return problems


def log_in(page: Any, username: str, password: str = PASSWORD) -> None:
    """Fill the login form the way a person does (by the visible labels) and submit it."""
    page.goto("/login")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def flash(page: Any) -> str:
    """The status message shown after a form was handled."""
    text: str = page.get_by_role("status").inner_text()
    return text.strip()


def csrf_token(page: Any) -> str:
    token: str = page.locator("input[name=csrf_token]").first.get_attribute("value")
    return token


def case_id_from_url(page: Any) -> str:
    path: str = page.url.split("://", 1)[-1].split("/", 1)[-1]
    assert path.startswith("cases/CASE-"), page.url
    return path.removeprefix("cases/").split("#", 1)[0]


# Every page of the web UI, as (who looks at it, path, name, expected status). ``{case}`` is a case
# created, assessed and proposed for approval (``prepared_case`` in test_accessibility.py);
# ``{engaged}`` one approved, activated, with a suspension requested (``engaged_case`` there);
# ``{reassessed}`` the re-assessment a signal on the engaged case made (``_reassessed`` there);
# ``{published}`` a period whose transparency report was proposed and published (``published_period``). The
# accessibility probe and axe-core run on each of them, and the screenshots in docs/screenshots/ are
# taken from them: a new page is checked by adding it here.
PAGES: list[tuple[str, str, str, int]] = [
    ("anonymous", "/login", "login", 200),
    ("analyst", "/", "case-list", 200),
    ("analyst", "/?q=camera&sort=title", "case-search", 200),
    ("analyst", "/cases/new", "intake-form", 200),
    ("analyst", "/cases/{case}", "case-analyst", 200),
    ("analyst", "/cases/{case}/edit/end_use", "edit-while-proposed", 200),
    ("analyst", "/cases/{case}/history", "case-history", 200),
    ("analyst", "/glossary", "glossary", 200),
    ("analyst", "/cases/{case}/approval", "approval-analyst", 200),
    ("analyst", "/dashboard", "dashboard", 200),
    ("analyst", "/countries", "country-index", 200),
    ("analyst", "/countries/IR", "country-page", 200),
    ("analyst", "/alerts", "alerts-inbox", 200),
    ("analyst", "/engagements", "engagements", 200),
    ("analyst", "/engagements?state=closed&due=true", "engagements-none", 200),
    ("analyst", "/alerts?show=all", "alerts-all", 200),
    ("analyst", "/engagements/{engaged}", "engagement-analyst", 200),
    ("approver", "/engagements/{engaged}", "engagement-approver", 200),
    ("analyst", "/cases/{reassessed}", "reassessment-diff", 200),
    ("analyst", "/screen", "screening", 200),
    ("analyst", "/cases/CASE-1900-0001", "not-found", 404),
    ("approver", "/cases/{case}", "case-approver", 200),
    ("approver", "/cases/{case}/approval", "approval", 200),
    ("approver", "/audit", "audit-log", 200),
    ("approver", "/cases/new", "intake-forbidden", 403),
    ("anonymous", "/report", "report-form", 200),
    ("anonymous", "/report/status", "report-status", 200),
    ("grievance_officer", "/grievances", "grievance-queue", 200),
    ("grievance_officer", "/grievances?show=all&order=received", "grievances-all", 200),
    ("analyst", "/grievances", "grievances-forbidden", 403),
    ("anonymous", "/transparency", "transparency-index", 200),
    ("anonymous", "/transparency/{published}", "transparency-report", 200),
    ("anonymous", "/transparency/1999", "transparency-unpublished", 404),
]


# The main pages whose screenshots are kept in docs/screenshots/<name>.png (README links them). They
# are written only when HRDD_SCREENSHOTS=1 (``make screenshots``), so an ordinary test run leaves the
# work tree clean; tests/test_screenshots.py checks that each one exists and is linked.
SCREENSHOTS: tuple[str, ...] = ("dashboard", "case-list", "case-search", "intake-form", "case-analyst", "case-hits",
                                "case-history", "approval", "screening", "country-page", "alerts-inbox", "engagements",
                                "engagement-analyst", "reassessment-diff", "grievance-queue")
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def keep_screenshot(page: Any, name: str) -> Path | None:
    """Save the page as docs/screenshots/<name>.png (the visible part, 1280 px wide) when
    HRDD_SCREENSHOTS=1 and ``name`` is one of :data:`SCREENSHOTS`."""
    if os.environ.get("HRDD_SCREENSHOTS") != "1" or name not in SCREENSHOTS:  # see tests/test_screenshots.py
        return None
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def axe_violations(page: Any) -> list[str]:
    """axe-core's violations on the page as it is now (the script comes with axe-playwright-python:
    no network), one line per rule with the elements it names."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    lines = []
    for violation in results.response.get("violations", []):
        targets = ", ".join(" ".join(map(str, node.get("target", []))) for node in violation.get("nodes", [])[:5])
        lines.append(f"{violation['id']}: {violation['help']} ({violation['impact']}) at {targets}")
    return lines


def sideways_overflow(page: Any) -> tuple[int, list[str]]:
    """How many pixels the page is wider than the window, and the first elements that stick out of it
    (not those clipped inside a scrolling box, unless absolutely positioned: those escape the box)."""
    width: int = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    wide: list[str] = page.evaluate("""() => Array.from(document.querySelectorAll('body *'))
        .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .filter(e => { for (let p = e.parentElement; p; p = p.parentElement) {
            if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX))
              return getComputedStyle(e).position === 'absolute'; } return true; })
        .slice(0, 6).map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + (e.textContent || '').trim().slice(0, 40))""")
    return width, wide
