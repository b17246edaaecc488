"""How the browser tests and bench/ui.py start Debian's Chromium (never a downloaded browser).

Only constants: the package itself does not depend on Playwright, which is a test extra.
"""

from __future__ import annotations

from pathlib import Path

#: Debian's chromium package (`apt-get install chromium`); scripts/setup.sh installs it.
CHROMIUM = Path("/usr/bin/chromium")

#: Flags for a headless Chromium on a closed network: no background connections (refused here,
#: many at a time), no first-run or component updates; WebGL falls back to SwiftShader.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-unsafe-swiftshader",
)
