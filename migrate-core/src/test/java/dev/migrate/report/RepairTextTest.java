package dev.migrate.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.RepairResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RepairTextTest {

    @Test
    void nothingToRepair() {
        assertThat(RepairText.of(new RepairResult(List.of(), List.of(), Map.of())))
                .isEqualTo("migrate: repair: nothing to repair");
    }

    @Test
    void whatWasClearedAcceptedAndRenamed() {
        assertThat(RepairText.of(new RepairResult(List.of("2_b"), List.of("1_a"), Map.of())))
                .isEqualTo("migrate: repair: cleared failures [2_b], accepted the checksums of [1_a]");
        assertThat(RepairText.of(new RepairResult(List.of(), List.of(), Map.of("3_old", "3_new"))))
                .isEqualTo("migrate: repair: cleared failures [], accepted the checksums of [], recorded renamed"
                        + " files {3_old=3_new}");
    }
}
