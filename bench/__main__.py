"""``python -m bench`` (``make bench``): the screening benchmark, then the screening evaluation."""

import sys

from bench import screening, screening_eval

if __name__ == "__main__":
    code = screening.main(sys.argv[1:])
    sys.exit(code or screening_eval.main([]))
