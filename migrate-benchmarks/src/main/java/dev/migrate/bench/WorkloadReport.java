package dev.migrate.bench;

import java.util.List;

/** What one workload measured: a Markdown section and its target checks. */
record WorkloadReport(String id, String markdown, List<TargetCheck> targets) {}
