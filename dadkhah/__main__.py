"""`python -m dadkhah` runs the command-line interface."""

from dadkhah.cli.main import main

if __name__ == "__main__":
    main()
