"""The Hugging Face Hub edge (``check --hub``, ``lineage``): upstream model cards, read through
``huggingface_hub`` (the optional ``hub`` extra), cached on disk. Imported only when asked for."""
