"""marsad (مرصد): Arabic political news in, sourced PLOVER event data out."""

__version__ = "0.1.0"
