"""The one exception for bad user input; the CLI turns it into one stderr line and exit 2."""


class InputError(ValueError):
    """Input a user typed or wrote was not acceptable; the message says why, in one line."""
