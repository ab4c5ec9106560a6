"""Reference knowledge that extract, resolve and graph all read: gazetteers, organisation types, the
topic scheme. Plain data and lookups over data/ files; no spaCy, no RDF writing."""
