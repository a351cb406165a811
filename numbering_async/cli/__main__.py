"""``python -m numbering_async.cli``: the ``numbering-async`` command."""

from numbering_async.cli import main

main()
