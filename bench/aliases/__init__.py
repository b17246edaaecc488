"""The alias dev set (devset.jsonl, built by bench/er_alias_devset.py) as engine input."""
