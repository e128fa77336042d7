"""Headless Chromium from Debian's packages, driven by Selenium through chromedriver.

Nothing is downloaded: Selenium is pointed at /usr/bin/chromium and
/usr/bin/chromedriver (``apt-get install chromium chromium-driver``; .ci/run does).
Selenium's calls block, so :class:`Page` runs them in a thread: the server under
test shares the test's event loop and must keep serving the browser meanwhile.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import time
from typing import Any

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)


def binaries() -> tuple[str, str] | None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (chromium, driver) if chromium and driver else None


def start_chromium(width: int = 1280, height: int = 900) -> webdriver.Chrome:
    found = binaries()
    if found is None:
        raise RuntimeError(
            "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)"
        )
    chromium, driver = found
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="jobplane-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={width},{height}")
    # Selenium Manager must not look for (or download) a browser or a driver.
    os.environ.setdefault("SE_OFFLINE", "true")
    browser = webdriver.Chrome(options=options, service=Service(executable_path=driver))
    browser.set_script_timeout(10)
    return browser


class Page:
    """Async wrappers around one Chromium window."""

    def __init__(self, driver: webdriver.Chrome) -> None:
        self.driver = driver

    async def open(self, url: str) -> None:
        await asyncio.to_thread(self.driver.get, url)

    async def js(self, script: str, *args: Any) -> Any:
        return await asyncio.to_thread(self.driver.execute_script, script, *args)

    async def wait(self, script: str, *args: Any, timeout_s: float = 20.0) -> Any:
        """Poll ``script`` (a function body returning a value) until it is truthy."""
        deadline = time.monotonic() + timeout_s
        last: Any = None
        while time.monotonic() < deadline:
            last = await self.js(script, *args)
            if last:
                return last
            await asyncio.sleep(0.05)
        state = await self.js("return document.body.innerText.slice(0, 2000)")
        raise AssertionError(f"timed out waiting for: {script}\n--- page text ---\n{state}")

    async def text(self, css: str) -> str:
        value = await self.js(
            "const e = document.querySelector(arguments[0]); return e ? e.textContent : null", css
        )
        return str(value)

    async def press_enter_on(self, css: str) -> None:
        """Focus the element and press Enter (the keyboard path, not a mouse click)."""
        from selenium.webdriver.common.keys import Keys

        await self.type_into(css, Keys.ENTER, clear=False)

    async def type_into(self, css: str, text: str, *, clear: bool = True) -> None:
        """Focus the element and type ``text`` (``\n`` presses Enter)."""
        from selenium.webdriver.common.by import By

        def type_() -> None:
            element = self.driver.find_element(By.CSS_SELECTOR, css)
            if clear:
                element.clear()
            element.send_keys(text)

        await asyncio.to_thread(type_)

    async def screenshot(self, path: str) -> None:
        await asyncio.to_thread(self.driver.save_screenshot, path)

    async def resize(self, width: int, height: int) -> None:
        await asyncio.to_thread(self.driver.set_window_size, width, height)
