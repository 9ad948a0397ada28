"""jwgen: test files for Vektis JW321 v2.0 (Declaratie Jeugd-GGZ) with the JW322 they must get back."""
__version__ = "0.1.0"
