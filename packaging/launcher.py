"""Entry script of the frozen app: the same as the `bouncedesk` command (desktop.cli.main)."""

import sys

from desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
