"""Training of the trainable parts of the pipeline (entity tagger); configurations are data files in configs/."""
