"""What a person does on the pages (log in, read a flash message) and what the page checks read."""

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
