"""marsad (مرصد): Arabic political news in, sourced PLOVER event data out."""

__version__ = "0.2.0"
