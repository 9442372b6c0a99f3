"""Getting articles in: readers, analysis in worker processes, the one batched importer, annotated datasets."""
