"""Import and export of content: articles, their authors and topics, and their reader comments.

Why an app of its own: an import writes articles *and* comments, so its code must be allowed to
import both. Dependencies point one way — ``transfer`` → ``comments`` → ``articles`` → ``topics``
— and neither content app knows this one exists. Its only model, ``ImportedSource``, remembers
where each imported article came from (the old URL, for a redirect) and makes re-imports
idempotent.

Modules, by responsibility:
- ``records``: the neutral form every reader produces and the writer consumes; limits, dates.
- ``reading``: opens a file safely (size, encoding, binary) and picks the reader for its format.
- ``frontmatter_pages``: front-matter Markdown from other sites (a Q&A page, say).
- ``extraction``: captured HTML pages — the page's own metadata (``page_metadata``: JSON-LD,
  meta tags, microdata, markup) first, then trafilatura, then Kith's layout rules
  (``captured_html``); reader comments are cut out first and kept as comments
  (``page_comments``; ``markdown_comments`` for a Markdown page's “## Comments”).
- ``captured_text`` / ``captured_html``: Kith's layout rules for captured text and HTML;
  ``text_blocks``: captured lines → Markdown, and what site furniture looks like.
- ``frontmatter_validation``: front matter checked by type; ``completeness``: a fact the source
  does not state is never invented — the article waits as a draft with a note; ``language``:
  a text's language when its page does not say.
- ``kith_format``: Kith's own export format, read and written in one place.
- ``writer``: stores articles, authors, topics and redirects idempotently, each article with
  its relations through ``articles.article_writer.write_article`` (the function ``seed_demo``
  uses too); ``editorial`` turns the clinical review a file carries into the article's fields
  (an import is not a new review); ``comment_writer`` stores comments through the posting
  pipeline's classification.
- ``options`` / ``report``: the command's options; the created / updated / unchanged / failed
  table.
"""
