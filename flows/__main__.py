"""``python -m flows`` is the ``newsflow`` command."""

from flows.cli import main

raise SystemExit(main())
