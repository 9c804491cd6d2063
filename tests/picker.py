"""Browser steps for org's people and department picker (Tom Select over a `<select>`)."""

from playwright.sync_api import Locator, Page


def focus_picker(scope: Page | Locator, name: str) -> Locator:
    """Put the cursor in the picker of the field `name` (its list opens); returns the picker.

    Focused rather than clicked: a click on a picker whose list is already open closes it."""
    wrapper = scope.locator(f"select[name={name}] ~ .ts-wrapper").first
    wrapper.locator(".ts-control input").focus()
    return wrapper


def pick(scope: Page | Locator, name: str, typed: str, option: str) -> None:
    """Choose `option` in the picker of the field `name` inside `scope` by typing `typed` (a few
    letters of a name, its pinyin or initials), as a person would."""
    page = scope if isinstance(scope, Page) else scope.page
    wrapper = focus_picker(scope, name)
    page.keyboard.type(typed, delay=20)
    wrapper.locator(".ts-dropdown .option", has_text=option).first.click()
    # A multiple choice keeps its list open for the next name; close it so it covers nothing.
    # (Not with Escape: inside a dialog, Escape closes the dialog itself.)
    wrapper.locator(".ts-control input").evaluate("input => input.blur()")


def watch_csp(page: Page) -> list[str]:
    """The Content-Security-Policy violations the page reports from now on (kept in the list)."""
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations
