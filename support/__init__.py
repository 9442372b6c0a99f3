"""Development support shared by the tests and the benchmarks (not shipped): a local
LibreTranslate-compatible server."""
