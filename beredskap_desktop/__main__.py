"""`python -m beredskap_desktop`: the same as the `beredskap-desktop` command."""

import sys

from beredskap_desktop.cli import main

sys.exit(main())
