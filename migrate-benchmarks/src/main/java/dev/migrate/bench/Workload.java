package dev.migrate.bench;

/** One workload of issue 5, run for every tool it compares. */
interface Workload {

    /** {@code W1} ... {@code W5}. */
    String id();

    /** Runs warm-ups and measured runs and reports the figures and the targets. */
    WorkloadReport run(BenchmarkContext context) throws Exception;

    /** {@code 0.42×}: migrate's median over the peer's, the way every ratio here is taken. */
    static String ratio(double value) {
        return Stats.fmt(value, 2) + "×";
    }
}
