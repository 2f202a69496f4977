"""Building blocks of the synthetic VCS 868 sample (``data/generate_sample.py`` is the entry).

``spec`` (strata and species read from ``data/sample_spec/``, constants, random streams),
``baseline`` (ex-ante baseline and estimates, with the core's emission schedule), ``events``
(monitored deforestation and fires), ``inventory`` (plots and trees, with the core's Chave 2014
equation), ``tables`` (map accuracy, CCB indicators), ``cycle`` (earlier issuances and the
verifier's findings), ``project_file`` (project.yaml) and ``claims`` (the proponent's claims
through the core's engine, buffer and VCU equations).
"""
