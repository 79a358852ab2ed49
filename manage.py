#!/usr/bin/env python
import sys

from mentora.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv))
