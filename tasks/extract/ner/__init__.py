"""The named-entity model: a character CRF over PER/LOC/ORG, and its training.

- :mod:`.model`: the shipped models, loaded once, and :func:`~.model.tag_entities`;
- :mod:`.features`: the integer feature arrays; :mod:`.crf`: numpy Viterbi decoding;
- :mod:`.lists`: names run together, read by the list-trained model;
- :mod:`.train`: ``python -m tasks.extract.ner.train`` rebuilds the model files here
  (``ner_crf.model``, ``ner_crf_lists.model``, ``ner_names.txt``, ``ner_not_orgs.txt``)
  from the training corpora in ``../shared/corpora``.
"""
