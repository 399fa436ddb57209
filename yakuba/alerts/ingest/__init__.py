"""Automatic link to national warnings: JMA 防災情報XML and CAP 1.2 input, rules, polling."""
