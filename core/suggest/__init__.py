"""Suggestions: tags and events proposed offline from several sources (the library's own
entity registry and tags, gazetteers, rules, statistical NER), each driven by data in
``resources/suggest`` and the active schema; the person accepts or rejects them."""
