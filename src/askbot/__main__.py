"""`python -m askbot` runs the same command line as the `askbot` script."""

from askbot.cli import main

if __name__ == "__main__":
    main()
