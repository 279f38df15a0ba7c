"""Forms of the reporting pages; the rules live in reporting/services/."""
