"""``python -m backprop``: train XOR as the tutorial does and print what it prints."""

from backprop.cli import main

raise SystemExit(main())
