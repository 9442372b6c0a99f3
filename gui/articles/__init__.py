"""The article list: a paged model over the library and the pane with its filters."""
