"""Reports (on top): funnel, time in stage, time to hire, sources, interviewer load and
offers, read from the rollup (application facts and stage stays) kept by database
triggers; exports as background downloads. Owns the reports_* tables."""
