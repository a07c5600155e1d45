"""What the site's build adds to Markdown: math as MathML, equations beside their code.

Not part of the ``backprop`` package (the wheel ships only ``backprop/``); in a clone it is
importable because ``pyproject.toml`` lists ``tools`` among the editable install's
directories. ``mkdocs.yml`` loads it under ``markdown_extensions``.
"""
