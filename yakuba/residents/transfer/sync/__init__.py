"""The sync adapter: yakuba fed by a city's standard 住民記録 system (標準準拠システム).

* :mod:`.adapter` — the contract (:class:`RegistrySource`, :class:`Extract`);
* :mod:`.directory` — the implementation that reads a directory of extract files;
* :mod:`.detection` — what changed between an extract and the register;
* :mod:`.services` — a run: detect, record one movement per household group, report.
"""
