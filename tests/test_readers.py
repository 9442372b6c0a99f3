import datetime as dt

from core.ingest.readers import RecordError, html, jsonl, md, tabular

PAGE = """<!doctype html><html lang="fr-FR"><head>
<title>Titre du site – Journal</title>
<meta property="article:published_time" content="2024-11-26T08:00:00Z">
<meta property="og:site_name" content="Le Journal">
<link rel="canonical" href="https://example.org/a">
<script>document.write("SCRIPT TEXT")</script><style>.x { color: red }</style>
</head><body>
<nav><a>Accueil</a> <a>Monde</a></nav>
<div class="cookie-banner">Nous utilisons des cookies</div>
<article><h1>Le vrai titre</h1>
<p>Premier paragraphe   avec  des espaces.</p>
<div class="social-share">Partager sur Facebook</div>
<p>Second <em>paragraphe</em>.</p>
<img src="http://tracker.example/pixel.png"></article>
<aside>Articles liés</aside><footer>© Journal</footer>
</body></html>"""


def test_html_main_text_only() -> None:
    [record] = list(html.read(PAGE))
    assert not isinstance(record, RecordError)
    assert (
        record.text == "Le vrai titre\n\nPremier paragraphe avec des espaces.\n\nSecond paragraphe."
    )
    assert record.title == "Le vrai titre"
    assert record.published == dt.date(2024, 11, 26)
    assert record.source == "Le Journal"
    assert record.url == "https://example.org/a"
    assert record.language == "fr"
    for noise in ("SCRIPT", "color", "Accueil", "cookies", "Partager", "liés", "©"):
        assert noise not in record.text


def test_html_title_falls_back_to_title_tag() -> None:
    [record] = list(
        html.read(
            "<html><head><title>Only title</title></head><body><p>Body text.</p></body></html>"
        )
    )
    assert record.title == "Only title"
    assert record.text == "Body text."


def test_html_without_text_is_an_error() -> None:
    [error] = list(html.read("<html><body><script>x()</script></body></html>"))
    assert isinstance(error, RecordError)


def test_markdown_title_and_front_matter() -> None:
    [record] = list(
        md.read("---\ntitle: From front\ndate: 2024-12-05\nsource: Demo\n---\n# Heading\n\nBody.")
    )
    assert record.title == "From front"
    assert record.published == dt.date(2024, 12, 5)
    assert record.source == "Demo"
    assert record.text == "# Heading\n\nBody."
    [plain] = list(md.read("Intro line\n\n# The heading\n\nText"))
    assert plain.title == "The heading"


def test_jsonl_records_and_errors_with_line_numbers() -> None:
    text = '{"text": "One.", "title": "T1", "lang": "fr-FR", "date": "2024-11-26"}\n\n{bad json\n{"title": "no text"}\n["not", "an object"]\n{"text": "Two.\\r\\nLine"}\n'
    out = list(jsonl.read_lines(text))
    ok = [r for r in out if not isinstance(r, RecordError)]
    errors = [r for r in out if isinstance(r, RecordError)]
    assert [(r.text, r.line) for r in ok] == [("One.", 1), ("Two.\nLine", 6)]
    assert (
        ok[0].title == "T1" and ok[0].language == "fr" and ok[0].published == dt.date(2024, 11, 26)
    )
    assert [(e.line, e.reason.split(":")[0]) for e in errors] == [
        (3, "malformed JSON"),
        (4, "record has no text"),
        (5, "expected a JSON object, found list"),
    ]


def test_json_array_and_object() -> None:
    out = list(jsonl.read_json('[{"text": "A"}, {"text": ""}]'))
    assert out[0].text == "A" and isinstance(out[1], RecordError) and out[1].line == 2
    [single] = list(jsonl.read_json('{"text": "Solo", "title": "S"}'))
    assert single.title == "S"


def test_csv_text_column_and_bad_rows() -> None:
    text = 'title;Text;date\nFirst;"Body, with ""quotes""\nand a newline";2024-11-26\nEmpty;;\nThird;Body three;\n'
    out = list(tabular.read(text))
    assert out[0].text == 'Body, with "quotes"\nand a newline' and out[0].title == "First"
    assert out[0].line == 2 and out[0].published == dt.date(2024, 11, 26)
    assert isinstance(out[1], RecordError) and out[1].line == 4
    assert out[2].text == "Body three" and out[2].line == 5


def test_csv_without_text_column() -> None:
    [error] = list(tabular.read("a,b\n1,2\n"))
    assert isinstance(error, RecordError) and "no text column" in error.reason
