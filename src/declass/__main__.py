"""`python -m declass` runs the command line."""

from declass.cli import main

main()
