"""Quality checks of the collected inputs in plain pandas (no Great Expectations here).

* :mod:`.derived` – derived cross-table frames the suites validate (annual deforestation per
  stratum, accuracy per map class, trees per plot, the height/diameter bound);
* :mod:`.coverage` – the ex-ante baseline covers every year of the monitoring period;
* :mod:`.plausibility` – physically impossible project settings and out-of-range numbers;
* :mod:`.bounds` – the plausible upper bounds of every number read;
* :mod:`.formatting` – how a finding shows a value.
"""
