"""Text analysis with no database: decoding, paragraphs, languages, boilerplate, dates, fingerprints."""
