"""Field extractors of the coding stage: case (court, dates, officials, flags), defendants (persons, charges,
sentences), victims.

Each module reads a :class:`~pipeline.coding.extract.context.Context` (the document, a text view to
match rules on, its parts and sentences, its entities) and registers its steps by name
(:mod:`pipeline.coding.extract.registry`); the codebook names the step of every field, and
:mod:`pipeline.coding.extract.record` runs them and puts the levels together in the codebook's shape. Rules are
data in ``pipeline/resources/extraction/*.yaml`` (see :mod:`pipeline.coding.extract.patterns`).
"""
