package dev.migrate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/prometheus's rules checked by Prometheus's own {@code promtool}: the file is valid and
 * every alert behaves as its unit test says ({@code promtool test rules}).
 */
class PrometheusRulesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @Tag("external-tools")
    void promtoolChecksTheRules() throws Exception {
        Path promtool = Tools.require("promtool", "prometheus");

        Tools.Result check = Tools.run(
                List.of(
                        promtool.toString(),
                        "check",
                        "rules",
                        DeployFiles.rules().toString()),
                DeployFiles.rules().getParent());

        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + alerts().size() + " rules found");
    }

    @Test
    @Tag("external-tools")
    void everyAlertPassesItsPromtoolUnitTest() throws Exception {
        Path promtool = Tools.require("promtool", "prometheus");

        Tools.Result test = Tools.run(
                List.of(
                        promtool.toString(),
                        "test",
                        "rules",
                        DeployFiles.ruleTests().toString()),
                DeployFiles.ruleTests().getParent());

        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    @Test
    @Tag("external-tools")
    void everyDashboardQueryIsPromqlThatPromtoolAccepts(@TempDir Path dir) throws Exception {
        Path promtool = Tools.require("promtool", "prometheus");
        // promtool parses expressions in rule files: one recording rule per dashboard query
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int i = 0;
        for (String query : Queries.dashboard()) {
            rules.append("      - record: dashboard_query_")
                    .append(i++)
                    .append("\n        expr: ")
                    .append(JSON.writeValueAsString(Queries.plain(query)))
                    .append('\n');
        }
        Path file = Files.writeString(dir.resolve("dashboard-queries.yml"), rules);

        Tools.Result check = Tools.run(List.of(promtool.toString(), "check", "rules", file.toString()), dir);

        assertThat(check.exitCode()).as(check.output() + "\n" + rules).isZero();
        assertThat(check.output()).contains("SUCCESS: " + i + " rules found");
    }

    @Test
    void everyAlertHasAUnitTestInWhichItFires() throws Exception {
        Set<String> firing = new TreeSet<>();
        for (JsonNode test :
                YAML.readTree(Files.readString(DeployFiles.ruleTests())).path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                if (!check.path("exp_alerts").isEmpty()) {
                    firing.add(check.path("alertname").asText());
                }
            }
        }

        assertThat(firing).isEqualTo(alerts());
    }

    static Set<String> alerts() throws Exception {
        Set<String> alerts = new TreeSet<>();
        for (JsonNode group :
                YAML.readTree(Files.readString(DeployFiles.rules())).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                alerts.add(rule.path("alert").asText());
            }
        }
        return alerts;
    }
}
