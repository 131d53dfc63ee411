"""Build the leaflets: python build.py --lang en (see --help)."""
import sys

from leaflet_builder.cli import main

if __name__ == "__main__":
    sys.exit(main())
