"""A Jupyter kernel and a Pygments lexer for Orrery scenario scripts.

`python -m orrery_kernel install [--user|--sys-prefix|--prefix DIR]` writes the
kernelspec; Jupyter then starts `python -m orrery_kernel -f CONNECTION_FILE`, which
wraps `orrery session` (docs/notebooks.md).
"""

__version__ = "0.1.0"
