"""Translation through deep-translator: providers, chunking, cache, faults, parallel calls."""
