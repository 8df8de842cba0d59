"""The HTML alternative of a notice: the same paragraphs, escaped, with the link clickable."""

from __future__ import annotations

from core.mail import notice_html, paragraphs


def test_it_splits_the_text_into_paragraphs_on_blank_lines() -> None:
    assert paragraphs("Hei!\n\nLinje 1\nLinje 2\n\n\n\nSlutt\n") == [
        "Hei!",
        "Linje 1\nLinje 2",
        "Slutt",
    ]


def test_it_escapes_the_text_and_links_only_the_url() -> None:
    html = notice_html(
        subject="Botilbud <varsel>",
        text='Hei <b>&</b> "deg"\n\nSe https://botilbud.example/side/7/\nTakk',
    )
    assert "<b>" not in html
    assert "Hei &lt;b&gt;&amp;&lt;/b&gt; &quot;deg&quot;" in html
    assert "<title>Botilbud &lt;varsel&gt;</title>" in html
    assert '<a href="https://botilbud.example/side/7/"' in html
    # Line breaks inside a paragraph are kept.
    assert "</a><br>Takk</p>" in html
    assert html.count("<p>") == 2
