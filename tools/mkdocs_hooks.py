"""What mkdocs.yml loads (``hooks:``): the site's build steps, in order, from
`backprop_docs.hooks`. MkDocs loads a hook by its file path; the steps are imported by name,
so each module of ``backprop_docs`` is loaded once."""

from backprop_docs.hooks import (  # noqa: F401 - MkDocs calls them by name
    on_config,
    on_files,
    on_page_content,
    on_page_markdown,
    on_post_page,
    on_post_template,
)
