"""``python -m jwgen.cli``: the command line without the console script (e.g. in ``jwgen check --cmd``)."""
from . import run

if __name__ == "__main__":
    run()
