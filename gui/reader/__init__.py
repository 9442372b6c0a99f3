"""The reader: an article and its translation side by side, tags painted, positions mapped."""
