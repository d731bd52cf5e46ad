package dev.migrate.bench;

/** One target of issue 5, the figure measured for it, and whether it is met. */
record TargetCheck(String workload, String target, String measured, boolean met) {

    String verdict() {
        return met ? "met" : "**missed**";
    }
}
