"""``python -m backprop_docs serve`` (or ``build``...): MkDocs, with only what a reader can act on.

It is MkDocs's own command line. The one difference: Material for MkDocs prints a banner
about its end of life (May 2027) every time MkDocs starts; this project's plan for that is
in the README, so the banner is turned off here (``NO_MKDOCS_2_WARNING``, Material's own
switch) and a build prints what it is doing instead.
"""

from __future__ import annotations

import os

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from mkdocs.__main__ import cli  # noqa: E402 - after the switch: the banner prints on import

cli(prog_name="mkdocs")
