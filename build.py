"""Build the leaflets: python build.py --lang en (see --help). The project is the folder this file is in."""
import sys
from pathlib import Path

from leaflet_builder.cli import main

if __name__ == "__main__":
    sys.exit(main(root=Path(__file__).resolve().parent))
