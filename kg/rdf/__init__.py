"""RDF side of the pipeline: namespaces, IRIs, and article records -> triples."""
