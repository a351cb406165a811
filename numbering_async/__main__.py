"""``python -m numbering_async``: the ``numbering-async`` command, for when the script is not
on ``PATH`` (a virtualenv that is not activated)."""

from numbering_async.cli import main

main()
