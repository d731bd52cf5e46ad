package dev.migrate.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The chart in deploy/helm rendered by real Helm ({@code helm template}, the engine inside
 * helm-java), parsed into fabric8's typed Kubernetes objects.
 *
 * <p>helm-java 0.0.15's {@code template} returns the release's manifest only: the objects Helm
 * sorted out as hooks (by their {@code helm.sh/hook} annotation) are missing (helm-java pull
 * request 416 adds them). So the chart is rendered twice: as it is, which tells which objects Helm
 * takes as hooks ({@link #hooks()}: absent from that render), and from a copy whose {@code
 * helm.sh/hook} annotation keys carry another prefix, so that Helm keeps every object in the
 * manifest; the keys are renamed back after parsing. Everything else is the chart as shipped.
 */
final class RenderedChart {

    static final String RELEASE = "orders";

    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private static final String HOOK = "helm.sh/hook";
    private static final String UNHOOKED = "unhooked.migrate.dev/hook";

    private final String yaml;
    private final List<HasMetadata> objects;
    private final Set<String> hooks;

    private RenderedChart(String yaml, List<HasMetadata> objects, Set<String> hooks) {
        this.yaml = yaml;
        this.objects = objects;
        this.hooks = hooks;
    }

    /** {@code helm template orders deploy/helm/migrate-service --set k=v ...}. */
    static RenderedChart render(Map<String, Object> values) {
        Set<String> plain = new HashSet<>();
        parse(template(DeployFiles.chart(), values)).forEach(object -> plain.add(id(object)));
        Path copy = unhookedCopy();
        try {
            String yaml = template(copy, values);
            List<HasMetadata> objects = parse(yaml);
            Set<String> hooks = new TreeSet<>();
            for (HasMetadata object : objects) {
                Map<String, String> annotations = object.getMetadata().getAnnotations();
                if (annotations != null) {
                    Map<String, String> restored = new LinkedHashMap<>();
                    annotations.forEach((key, value) -> restored.put(key.replace(UNHOOKED, HOOK), value));
                    object.getMetadata().setAnnotations(restored);
                }
                if (!plain.contains(id(object))) {
                    hooks.add(id(object));
                }
            }
            return new RenderedChart(yaml.replace(UNHOOKED, HOOK), objects, hooks);
        } finally {
            delete(copy);
        }
    }

    private static String template(Path chart, Map<String, Object> values) {
        TemplateCommand template = new Helm(chart).template().withName(RELEASE);
        values.forEach(template::set);
        return template.call();
    }

    private static Path unhookedCopy() {
        try {
            Path copy = Files.createTempDirectory("migrate-chart");
            Path chart = DeployFiles.chart();
            try (Stream<Path> files = Files.walk(chart)) {
                for (Path file : files.toList()) {
                    Path target = copy.resolve(chart.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        Files.writeString(target, Files.readString(file).replace(HOOK, UNHOOKED));
                    }
                }
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String id(HasMetadata object) {
        return object.getKind() + "/" + object.getMetadata().getName();
    }

    /** The objects Helm takes as hooks, as {@code Kind/name}: run before the release's other objects. */
    Set<String> hooks() {
        return hooks;
    }

    private static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            try {
                JsonNode node = YAML.readTree(document);
                if (node == null || node.isMissingNode() || node.isNull() || node.isEmpty()) {
                    continue;
                }
                Class<? extends HasMetadata> type = switch (node.path("kind").asText()) {
                    case "Job" -> Job.class;
                    case "Deployment" -> Deployment.class;
                    case "Secret" -> Secret.class;
                    case "Service" -> Service.class;
                    default -> throw new AssertionError("the chart renders an unexpected kind: " + node);
                };
                objects.add(YAML.treeToValue(node, type));
            } catch (IOException e) {
                throw new UncheckedIOException("not YAML:\n" + document, e);
            }
        }
        return objects;
    }

    String yaml() {
        return yaml;
    }

    List<HasMetadata> objects() {
        return objects;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type) {
        List<T> found = all(type);
        if (found.size() > 1) {
            throw new AssertionError("more than one " + type.getSimpleName() + " rendered");
        }
        return found.stream().findFirst();
    }

    <T extends HasMetadata> T one(Class<T> type) {
        return find(type).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " rendered:\n" + yaml));
    }

    /**
     * A container's environment as the kubelet would give it: plain values, and values from the
     * rendered Secret (a Secret that exists outside the chart comes from {@code existing}).
     */
    Map<String, String> environment(Container container, Map<String, Map<String, String>> existing) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (EnvVar variable : container.getEnv()) {
            if (variable.getValueFrom() == null) {
                environment.put(variable.getName(), variable.getValue());
                continue;
            }
            var ref = variable.getValueFrom().getSecretKeyRef();
            Map<String, String> data = all(Secret.class).stream()
                    .filter(secret -> secret.getMetadata().getName().equals(ref.getName()))
                    .findFirst()
                    .map(Secret::getStringData)
                    .orElseGet(() -> existing.get(ref.getName()));
            if (data == null || !data.containsKey(ref.getKey())) {
                throw new AssertionError("the pod would fail with CreateContainerConfigError: no Secret "
                        + ref.getName() + " with key " + ref.getKey());
            }
            environment.put(variable.getName(), data.get(ref.getKey()));
        }
        return environment;
    }
}
