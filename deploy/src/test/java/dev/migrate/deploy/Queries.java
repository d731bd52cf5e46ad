package dev.migrate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The PromQL of deploy/: every expression of the alert rules and the dashboard, and the metric names they read. */
final class Queries {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Set<String> KEYWORDS = Set.of(
            "and",
            "or",
            "unless",
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "bool",
            "offset",
            "inf",
            "nan");
    private static final Pattern LABEL_LISTS =
            Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([^,]+?)\\s*,\\s*\\w+\\s*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private Queries() {}

    /** Each alert rule's {@code expr}. */
    static List<String> rules() throws IOException {
        List<String> expressions = new ArrayList<>();
        for (JsonNode group :
                YAML.readTree(Files.readString(DeployFiles.rules())).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                expressions.add(rule.path("expr").asText());
            }
        }
        return expressions;
    }

    /** Each dashboard panel target's {@code expr} and each templating variable's query. */
    static List<String> dashboard() throws IOException {
        JsonNode dashboard = JSON.readTree(Files.readString(DeployFiles.dashboard()));
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("targets").isEmpty()) {
                throw new AssertionError("panel '" + panel.path("title").asText() + "' has no query");
            }
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asText());
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                expressions.add(variable.path("query").path("query").asText());
            }
        }
        return expressions;
    }

    /** A dashboard expression as plain PromQL: Grafana's variables replaced by values. */
    static String plain(String expression) {
        return LABEL_VALUES
                .matcher(expression)
                .replaceAll("$1")
                .replace("$__rate_interval", "5m")
                .replace("$job", ".*");
    }

    /** The metric names an expression reads (not functions, keywords, labels, strings or durations). */
    static Set<String> metricNames(String expression) {
        String stripped = plain(expression)
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"") // strings
                .replaceAll("\\{[^}]*}", " ") // label matchers
                .replaceAll("\\[[^]]*]", " "); // ranges
        stripped = LABEL_LISTS.matcher(stripped).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher matcher = IDENTIFIER.matcher(stripped);
        while (matcher.find()) {
            String word = matcher.group();
            int after = matcher.end();
            while (after < stripped.length() && stripped.charAt(after) == ' ') {
                after++;
            }
            boolean call = after < stripped.length() && stripped.charAt(after) == '(';
            boolean partOfNumber = matcher.start() > 0 && Character.isDigit(stripped.charAt(matcher.start() - 1));
            if (!call && !partOfNumber && !KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
                names.add(word);
            }
        }
        return names;
    }
}
