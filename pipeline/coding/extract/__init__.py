"""Field extractors of the coding stage: case, defendants (persons, charges, sentences), victims.

Each module reads a :class:`~pipeline.coding.extract.context.Context` (the document, a text view to
match rules on, its parts and sentences, its entities) and returns codebook fields as
:class:`~pipeline.model.FieldValue` objects with evidence, confidence and rule source. Rules are data in
``pipeline/resources/extraction/*.yaml`` (see :mod:`pipeline.coding.extract.patterns`);
:mod:`pipeline.coding.extract.record` puts the levels together in the codebook's shape.
"""
