package org.medledger.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates the deployment descriptors the way an ops team would before applying them, without a cluster or a
 * container engine:
 * <ul>
 *   <li>{@code docker-compose config} parses {@code docker-compose.yml} (Debian's docker-compose 1.29), with and
 *   without {@code .env.example}; the compose file follows the conventions (health checks, start order, read-only
 *   services, pinned images, every variable documented in {@code .env.example}, the same topics as Kubernetes);</li>
 *   <li>{@code kubectl kustomize} renders {@code k8s/overlays/dev} and {@code k8s/overlays/prod};</li>
 *   <li>every rendered object of a built-in kind, and every Strimzi and CloudNativePG resource, is checked against
 *   its schema, strictly (unknown fields fail), by {@code deploy/schema-check/validate.mjs} (npm packages
 *   kubernetes-models and its Strimzi and CloudNativePG models, run with Node.js); Keycloak's and MongoDB's
 *   custom resources, whose schemas are not published there, are checked by the rules below;</li>
 *   <li>conventions: probes, resources, non-root, read-only root file system, no privilege escalation, no
 *   capabilities, seccomp; a PodDisruptionBudget for every workload and a HorizontalPodAutoscaler for every
 *   service; default-deny NetworkPolicies; every referenced ConfigMap, Secret and key exists; pinned images and
 *   no Secrets in prod, placeholder-only templates; no demo users or dev-only client in prod; the realm imports equal the realm
 *   files they are generated from.</li>
 * </ul>
 * A missing tool (kubectl, docker-compose, node) skips the checks that need it, saying so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeploymentManifestsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> SERVICES = List.of("gateway", "identity-service", "booking-service",
            "report-chain-service", "notification-service");
    private static final List<String> BACKEND_SERVICES = SERVICES.subList(1, SERVICES.size());
    private static final List<String> DOMAIN_TOPICS = List.of("medledger.identity.v1", "medledger.booking.v1",
            "medledger.report.v1", "medledger.access.v1", "medledger.audit.v1", "medledger.ledger.blocks.v1",
            "medledger.codes.v1");
    private static final String CODES_TOPIC = "medledger.codes.v1";
    private static final String PLACEHOLDER = "CHANGE_ME";
    private static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet", "Job",
            "CronJob");
    private static final Map<String, String> CUSTOM_RESOURCE_API_VERSIONS = Map.of(
            "Kafka", "kafka.strimzi.io/v1", "KafkaNodePool", "kafka.strimzi.io/v1",
            "KafkaTopic", "kafka.strimzi.io/v1", "KafkaUser", "kafka.strimzi.io/v1",
            "Keycloak", "k8s.keycloak.org/v2alpha1", "KeycloakRealmImport", "k8s.keycloak.org/v2alpha1",
            "MongoDBCommunity", "mongodbcommunity.mongodb.com/v1", "Cluster", "postgresql.cnpg.io/v1");

    private Path repo;
    private final Map<String, List<Map<String, Object>>> rendered = new HashMap<>();

    @BeforeAll
    void renderOverlays() {
        repo = findRepositoryRoot();
        if (!onPath("kubectl")) {
            return; // the Kubernetes tests skip themselves through rendered(...)
        }
        for (String overlay : List.of("dev", "prod")) {
            Result result = run(repo, 60, "kubectl", "kustomize", "k8s/overlays/" + overlay);
            assertThat(result.exit()).as("kubectl kustomize k8s/overlays/%s failed:%n%s", overlay, result.stderr())
                    .isZero();
            rendered.put(overlay, loadAll(result.stdout()));
        }
    }

    // ---------------------------------------------------------------------------------------------- compose

    @Test
    void composeFileParsesWithDockerCompose() {
        Assumptions.assumeTrue(onPath("docker-compose"),
                "docker-compose is not installed (.ci/run installs Debian's package docker-compose): skipped");
        Result plain = run(repo, 60, "docker-compose", "-f", "docker-compose.yml", "config", "-q");
        assertThat(plain.exit()).as("docker-compose -f docker-compose.yml config -q:%n%s", plain.stderr()).isZero();
        Result withEnv = run(repo, 60, "docker-compose", "-f", "docker-compose.yml", "--env-file", ".env.example",
                "config", "-q");
        assertThat(withEnv.exit()).as("docker-compose --env-file .env.example config -q:%n%s", withEnv.stderr())
                .isZero();
    }

    /** Each service image: built in stages, Spring Boot's layers, a JRE 21+, a non-root user and a health check. */
    @ParameterizedTest
    @ValueSource(strings = {"gateway", "identity-service", "booking-service", "report-chain-service", "notification-service"})
    void everyDockerfileIsMultiStageLayeredNonRootAndHealthChecked(String service) throws IOException {
        String dockerfile = Files.readString(repo.resolve(service).resolve("Dockerfile"));
        List<String> stages = dockerfile.lines().filter(line -> line.startsWith("FROM ")).toList();
        assertThat(stages).as("build and runtime stages").hasSizeGreaterThanOrEqualTo(2);
        assertThat(stages.getLast()).as("runtime base").matches("FROM eclipse-temurin:(2[1-9]|[3-9][0-9])-jre.*");
        assertThat(dockerfile).contains("-Djarmode=tools").contains("extract --layers")
                .contains("COPY --from=build /layers/dependencies/").contains("COPY --from=build /layers/application/");
        assertThat(dockerfile.lines().filter(line -> line.startsWith("USER ")).toList()).as("USER").singleElement()
                .satisfies(user -> assertThat(user).matches("USER [1-9][0-9]{3,}(:[1-9][0-9]{3,})?"));
        assertThat(dockerfile).contains("HEALTHCHECK").contains("/actuator/health/readiness");
    }

    @Test
    void composeFileFollowsTheConventions() throws IOException {
        Map<String, Object> compose = loadOne(Files.readString(repo.resolve("docker-compose.yml")));
        Map<String, Object> services = map(compose.get("services"));
        Set<String> oneShot = Set.of("kafka-init", "mongodb-init", "s3-init", "keycloak-dev-seed");
        assertThat(services).containsKeys("kafka", "mongodb", "s3", "keycloak", "mailpit");
        assertThat(services).containsKeys(SERVICES.toArray(String[]::new));
        List<String> problems = new ArrayList<>();
        services.forEach((name, value) -> {
            Map<String, Object> service = map(value);
            String image = String.valueOf(service.get("image"));
            if (!oneShot.contains(name) && service.get("healthcheck") == null) {
                problems.add(name + ": no healthcheck");
            }
            if (!image.contains(":") || image.endsWith(":latest")) {
                problems.add(name + ": image " + image + " is not pinned to a tag");
            }
            Object dependsOn = service.get("depends_on");
            if (dependsOn != null) {
                if (!(dependsOn instanceof Map<?, ?>)) {
                    problems.add(name + ": depends_on without conditions");
                } else {
                    map(dependsOn).forEach((dependency, condition) -> {
                        Object kind = map(condition).get("condition");
                        if (!Set.of("service_healthy", "service_completed_successfully", "service_started")
                                .contains(String.valueOf(kind))) {
                            problems.add(name + ": depends_on " + dependency + " has no condition");
                        }
                    });
                }
            }
            if (SERVICES.contains(name)) {
                if (!Boolean.TRUE.equals(service.get("read_only"))) {
                    problems.add(name + ": root file system is not read-only");
                }
                if (!list(service.get("cap_drop")).contains("ALL")) {
                    problems.add(name + ": capabilities are not dropped");
                }
                if (!String.valueOf(service.get("build")).contains(name + "/Dockerfile")) {
                    problems.add(name + ": not built from " + name + "/Dockerfile");
                }
                if (!Files.isRegularFile(repo.resolve(name).resolve("Dockerfile"))) {
                    problems.add(name + ": " + name + "/Dockerfile is missing");
                }
            }
        });
        assertThat(problems).as("docker-compose.yml").isEmpty();

        // every ${VAR} of the compose file is documented, with its development default, in .env.example
        String composeText = Files.readAllLines(repo.resolve("docker-compose.yml")).stream()
                .filter(line -> !line.stripLeading().startsWith("#")).collect(Collectors.joining("\n"));
        Set<String> used = matches(Pattern.compile("(?<!\\$)\\$\\{([A-Z0-9_]+)"), composeText);
        Set<String> documented = Files.readAllLines(repo.resolve(".env.example")).stream()
                .filter(line -> line.matches("[A-Z0-9_]+=.*"))
                .map(line -> line.substring(0, line.indexOf('=')))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(documented).as(".env.example documents every variable of docker-compose.yml").containsAll(used);
        assertThat(repo.resolve(".gitignore")).content().containsPattern("(?m)^\\.env$");

        // the compose stack creates the same topics as the Kubernetes one
        String topicsScript = Files.readString(repo.resolve("deploy/compose/kafka-create-topics.sh"));
        assertThat(matches(Pattern.compile("(?m)^\\s+(medledger\\.[a-z.]+v1)\\s*$"), topicsScript))
                .containsExactlyInAnyOrderElementsOf(DOMAIN_TOPICS);
        assertThat(topicsScript).contains("\"$topic.dlt\"");
        // a parked codes record still carries the one-time code: it may not outlive the codes topic's hour
        assertThat(topicsScript).containsPattern("(?m)^\\s+" + Pattern.quote(CODES_TOPIC) + " \\| "
                + Pattern.quote(CODES_TOPIC + ".dlt") + "\\) retention=3600000 ;;");
    }

    // ---------------------------------------------------------------------------------------------- Kubernetes

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyObjectMatchesTheKubernetesSchemas(String overlay) throws IOException {
        List<Map<String, Object>> objects = rendered(overlay);
        Assumptions.assumeTrue(onPath("node") && onPath("npm"),
                "Node.js and npm are not installed: schema validation skipped (the convention checks still run)");
        Path tool = repo.resolve("deploy/schema-check");
        if (Stream.of("kubernetes-models", "@kubernetes-models/strimzi-kafka-operator", "@kubernetes-models/cloudnative-pg")
                .anyMatch(models -> !Files.isDirectory(tool.resolve("node_modules").resolve(models)))) {
            Result install = run(tool, 300, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
            assertThat(install.exit()).as("npm ci in deploy/schema-check:%n%s", install.stderr()).isZero();
        }
        Path input = Files.createTempFile("medledger-" + overlay + "-", ".json");
        try {
            Files.writeString(input, JSON.writeValueAsString(objects));
            Result result = run(tool, 60, "node", "validate.mjs", input.toString());
            JsonNode report = JSON.readTree(result.stdout().isBlank() ? "{}" : result.stdout());
            assertThat(result.exit())
                    .as("schema validation of the %s overlay:%n%s%n%s", overlay, report.path("errors"), result.stderr())
                    .isZero();
            Set<String> unchecked = new TreeSet<>();
            report.path("unchecked").forEach(id -> unchecked.add(id.asString().replaceAll("/.*", "")));
            // whatever the tool cannot check must be a custom resource that customResourcesAreComplete covers
            assertThat(unchecked).isSubsetOf(CUSTOM_RESOURCE_API_VERSIONS.keySet());
            assertThat(report.path("checked").size()).isEqualTo(objects.size() - report.path("unchecked").size());
        } finally {
            Files.deleteIfExists(input);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyContainerIsProbedLimitedAndLockedDown(String overlay) {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> workload : workloads(overlay)) {
            String id = id(workload);
            Map<String, Object> pod = podSpec(workload);
            Map<String, Object> podSecurity = map(pod.get("securityContext"));
            if (!Boolean.FALSE.equals(pod.get("automountServiceAccountToken"))) {
                problems.add(id + ": mounts a service-account token");
            }
            Set<String> emptyDirs = list(pod.get("volumes")).stream().map(DeploymentManifestsTest::map)
                    .filter(volume -> volume.containsKey("emptyDir")).map(volume -> (String) volume.get("name"))
                    .collect(Collectors.toSet());
            List<Map<String, Object>> containers = list(pod.get("containers")).stream()
                    .map(DeploymentManifestsTest::map).toList();
            List<Map<String, Object>> initContainers = list(pod.get("initContainers")).stream()
                    .map(DeploymentManifestsTest::map).toList();
            Stream.concat(containers.stream(), initContainers.stream()).forEach(container -> {
                String where = id + " container " + container.get("name");
                boolean regular = containers.contains(container);
                if (regular && (container.get("livenessProbe") == null || container.get("readinessProbe") == null)) {
                    problems.add(where + ": liveness and readiness probes are required");
                }
                Map<String, Object> resources = map(container.get("resources"));
                for (String kind : List.of("requests", "limits")) {
                    for (String resource : List.of("cpu", "memory")) {
                        if (map(resources.get(kind)).get(resource) == null) {
                            problems.add(where + ": no " + kind + "." + resource);
                        }
                    }
                }
                Map<String, Object> security = map(container.get("securityContext"));
                if (!Boolean.TRUE.equals(firstNonNull(security.get("runAsNonRoot"), podSecurity.get("runAsNonRoot")))) {
                    problems.add(where + ": may run as root (runAsNonRoot)");
                }
                if (!Boolean.TRUE.equals(security.get("readOnlyRootFilesystem"))) {
                    problems.add(where + ": root file system is writable");
                }
                if (!Boolean.FALSE.equals(security.get("allowPrivilegeEscalation"))) {
                    problems.add(where + ": allows privilege escalation");
                }
                if (!list(map(security.get("capabilities")).get("drop")).contains("ALL")) {
                    problems.add(where + ": does not drop ALL capabilities");
                }
                if (Boolean.TRUE.equals(security.get("privileged"))) {
                    problems.add(where + ": privileged");
                }
                Object seccomp = map(firstNonNull(security.get("seccompProfile"), podSecurity.get("seccompProfile")))
                        .get("type");
                if (!"RuntimeDefault".equals(seccomp) && !"Localhost".equals(seccomp)) {
                    problems.add(where + ": no seccomp profile");
                }
                boolean writableTmp = list(container.get("volumeMounts")).stream().map(DeploymentManifestsTest::map)
                        .anyMatch(mount -> "/tmp".equals(mount.get("mountPath")) && emptyDirs.contains(mount.get("name")));
                if (!writableTmp) {
                    problems.add(where + ": read-only root file system needs an emptyDir on /tmp");
                }
                String image = String.valueOf(container.get("image"));
                if (!image.contains("@sha256:") && (!image.substring(image.lastIndexOf('/') + 1).contains(":")
                        || image.endsWith(":latest"))) {
                    problems.add(where + ": image " + image + " has no pinned tag");
                }
            });
            if (isService(workload)) {
                Map<String, Object> container = containers.getFirst();
                assertProbe(problems, id, container, "livenessProbe", "/actuator/health/liveness");
                assertProbe(problems, id, container, "readinessProbe", "/actuator/health/readiness");
            }
        }
        assertThat(problems).as("workloads of the %s overlay", overlay).isEmpty();
        assertThat(workloads(overlay).stream().filter(DeploymentManifestsTest::isService).map(o -> name(o)))
                .containsExactlyInAnyOrderElementsOf(SERVICES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyWorkloadHasADisruptionBudgetAndEveryServiceAnAutoscaler(String overlay) {
        List<Map<String, Object>> objects = rendered(overlay);
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> workload : workloads(overlay)) {
            if (Set.of("Job", "CronJob").contains(workload.get("kind"))) {
                continue;
            }
            Map<String, Object> podLabels = map(map(map(map(workload.get("spec")).get("template")).get("metadata"))
                    .get("labels"));
            boolean budgeted = ofKind(objects, "PodDisruptionBudget").stream().anyMatch(pdb -> {
                Map<String, Object> selector = map(map(map(pdb.get("spec")).get("selector")).get("matchLabels"));
                return !selector.isEmpty() && podLabels.entrySet().containsAll(selector.entrySet());
            });
            if (!budgeted) {
                problems.add(id(workload) + ": no PodDisruptionBudget selects its pods");
            }
            if (isService(workload)) {
                Optional<Map<String, Object>> hpa = ofKind(objects, "HorizontalPodAutoscaler").stream()
                        .filter(candidate -> {
                            Map<String, Object> target = map(map(candidate.get("spec")).get("scaleTargetRef"));
                            return "Deployment".equals(target.get("kind")) && name(workload).equals(target.get("name"));
                        }).findFirst();
                if (hpa.isEmpty()) {
                    problems.add(id(workload) + ": no HorizontalPodAutoscaler");
                } else if ("prod".equals(overlay) && ((Number) map(hpa.get().get("spec")).get("minReplicas")).intValue() < 2) {
                    problems.add(id(workload) + ": fewer than two replicas in prod");
                }
            }
        }
        // pods of operators that write no budget of their own (Strimzi and CloudNativePG do)
        for (Map<String, Object> operatorPods : List.<Map<String, Object>>of(
                Map.of("app", "keycloak"), Map.of("app", "medledger-mongodb-svc"))) {
            boolean budgeted = ofKind(objects, "PodDisruptionBudget").stream().anyMatch(pdb ->
                    operatorPods.equals(map(map(map(pdb.get("spec")).get("selector")).get("matchLabels"))));
            if (!budgeted) {
                problems.add("pods " + operatorPods + ": no PodDisruptionBudget");
            }
        }
        assertThat(problems).as("%s overlay", overlay).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void networkPoliciesDenyByDefaultAndAdmitOnlyTheNeededFlows(String overlay) {
        List<Map<String, Object>> policies = ofKind(rendered(overlay), "NetworkPolicy");
        assertThat(policies).as("a default-deny NetworkPolicy for ingress and egress").anySatisfy(policy -> {
            Map<String, Object> spec = map(policy.get("spec"));
            assertThat(map(spec.get("podSelector"))).isEmpty();
            assertThat(list(spec.get("policyTypes"))).contains("Ingress", "Egress");
            assertThat(list(spec.get("ingress"))).isEmpty();
            assertThat(list(spec.get("egress"))).isEmpty();
        });
        assertThat(policies).as("DNS egress for every pod").anySatisfy(policy -> {
            Map<String, Object> spec = map(policy.get("spec"));
            assertThat(map(spec.get("podSelector"))).isEmpty();
            assertThat(String.valueOf(spec.get("egress"))).contains("port=53").contains("kube-dns");
        });
        // traffic from outside the namespace reaches only the gateway, Keycloak and (metrics) Prometheus
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> policy : policies) {
            Map<String, Object> spec = map(policy.get("spec"));
            String selected = String.valueOf(spec.get("podSelector"));
            for (Object rule : list(spec.get("ingress"))) {
                for (Object peer : list(map(rule).get("from"))) {
                    Map<String, Object> from = map(peer);
                    if (from.containsKey("ipBlock")) {
                        problems.add(name(policy) + ": admits an ipBlock");
                    }
                    String namespace = String.valueOf(map(map(from.get("namespaceSelector")).get("matchLabels"))
                            .get("kubernetes.io/metadata.name"));
                    if (from.containsKey("namespaceSelector") && !(namespace.equals("monitoring")
                            || namespace.equals("cnpg-system")
                            || (namespace.equals("ingress-nginx")
                                && (selected.contains("name=gateway") || selected.contains("app=keycloak"))))) {
                        problems.add(name(policy) + ": admits namespace " + namespace + " to " + selected);
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
        Map<String, Object> fromGateway = ofKind(rendered(overlay), "NetworkPolicy").stream()
                .filter(policy -> "services-from-gateway".equals(name(policy))).findFirst().orElseThrow();
        assertThat(String.valueOf(map(fromGateway.get("spec")).get("ingress")))
                .contains("app.kubernetes.io/name=gateway").doesNotContain("namespaceSelector");
        // the one synchronous call between services: report-chain asks booking before it accepts an upload
        assertThat(admits(policies, "report-chain-service", "booking-service", 8082))
                .as("report-chain-service may reach booking-service on 8082 (egress and ingress)").isTrue();
    }

    /** Whether some policy lets {@code from} send to {@code to}:port and some policy lets {@code to} receive it. */
    private static boolean admits(List<Map<String, Object>> policies, String from, String to, int port) {
        return policies.stream().anyMatch(policy -> selects(policy, from) && rulesAdmit(policy, "egress", "to", to, port))
                && policies.stream().anyMatch(policy -> selects(policy, to) && rulesAdmit(policy, "ingress", "from", from, port));
    }

    private static boolean selects(Map<String, Object> policy, String app) {
        return String.valueOf(map(policy.get("spec")).get("podSelector")).contains(app);
    }

    private static boolean rulesAdmit(Map<String, Object> policy, String direction, String peers, String app, int port) {
        return list(map(policy.get("spec")).get(direction)).stream().map(DeploymentManifestsTest::map)
                .anyMatch(rule -> String.valueOf(rule.get(peers)).contains(app)
                        && String.valueOf(rule.get("ports")).contains("port=" + port));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theIngressPublishesOnlyTheGatewayAndKeycloaksPublicPaths(String overlay) {
        List<Map<String, Object>> ingresses = ofKind(rendered(overlay), "Ingress");
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> ingress : ingresses) {
            Map<String, Object> spec = map(ingress.get("spec"));
            if ("prod".equals(overlay) && list(spec.get("tls")).isEmpty()) {
                problems.add(name(ingress) + ": no TLS in prod");
            }
            for (Object rule : list(spec.get("rules"))) {
                for (Object pathValue : list(map(map(rule).get("http")).get("paths"))) {
                    Map<String, Object> path = map(pathValue);
                    String service = String.valueOf(map(map(path.get("backend")).get("service")).get("name"));
                    String prefix = String.valueOf(path.get("path"));
                    if (service.equals("gateway")) {
                        continue;
                    }
                    if (!service.equals("medledger-keycloak-service")
                            || !Set.of("/realms/", "/resources/").contains(prefix)) {
                        problems.add(name(ingress) + ": publishes " + service + " " + prefix);
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(ingresses).extracting(DeploymentManifestsTest::name).contains("gateway");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyReferencedConfigMapSecretAndKeyExists(String overlay) {
        List<Map<String, Object>> objects = withSecrets(overlay);
        Map<String, Set<String>> configMaps = new HashMap<>();
        Map<String, Set<String>> secrets = new HashMap<>();
        ofKind(objects, "ConfigMap").forEach(cm -> configMaps.put(name(cm), map(cm.get("data")).keySet()));
        ofKind(objects, "Secret").forEach(secret -> {
            Set<String> keys = new HashSet<>(map(secret.get("stringData")).keySet());
            keys.addAll(map(secret.get("data")).keySet());
            secrets.put(name(secret), keys);
        });
        // Secrets the operators write, from the custom resources that ask for them
        Set<String> generated = new HashSet<>();
        ofKind(objects, "KafkaUser").forEach(user -> generated.add(name(user)));
        ofKind(objects, "Kafka").forEach(kafka -> generated.add(name(kafka) + "-cluster-ca-cert"));
        ofKind(objects, "Cluster").forEach(cluster -> generated.add(name(cluster) + "-app"));
        ofKind(objects, "MongoDBCommunity").forEach(mongo -> list(map(mongo.get("spec")).get("users"))
                .forEach(user -> generated.add((String) map(user).get("connectionStringSecretName"))));
        Set<String> pvcs = ofKind(objects, "PersistentVolumeClaim").stream().map(DeploymentManifestsTest::name)
                .collect(Collectors.toSet());

        List<String> problems = new ArrayList<>();
        for (Map<String, Object> workload : workloads(overlay)) {
            Map<String, Object> pod = podSpec(workload);
            Stream.concat(list(pod.get("containers")).stream(), list(pod.get("initContainers")).stream())
                    .map(DeploymentManifestsTest::map).forEach(container -> {
                        String where = id(workload) + " " + container.get("name");
                        for (Object source : list(container.get("envFrom"))) {
                            Map<String, Object> from = map(source);
                            requireRef(problems, where, "ConfigMap", map(from.get("configMapRef")), configMaps, null, Set.of());
                            requireRef(problems, where, "Secret", map(from.get("secretRef")), secrets, null, generated);
                        }
                        for (Object variable : list(container.get("env"))) {
                            Map<String, Object> valueFrom = map(map(variable).get("valueFrom"));
                            Map<String, Object> secretRef = map(valueFrom.get("secretKeyRef"));
                            Map<String, Object> configRef = map(valueFrom.get("configMapKeyRef"));
                            requireRef(problems, where, "Secret", secretRef, secrets, (String) secretRef.get("key"), generated);
                            requireRef(problems, where, "ConfigMap", configRef, configMaps, (String) configRef.get("key"), Set.of());
                        }
                    });
            for (Object volumeValue : list(pod.get("volumes"))) {
                Map<String, Object> volume = map(volumeValue);
                String where = id(workload) + " volume " + volume.get("name");
                Map<String, Object> secret = map(volume.get("secret"));
                if (!secret.isEmpty() && !secrets.containsKey(secret.get("secretName"))
                        && !generated.contains(secret.get("secretName"))) {
                    problems.add(where + ": Secret " + secret.get("secretName") + " does not exist");
                }
                Map<String, Object> claim = map(volume.get("persistentVolumeClaim"));
                if (!claim.isEmpty() && !pvcs.contains(claim.get("claimName"))) {
                    problems.add(where + ": PVC " + claim.get("claimName") + " does not exist");
                }
            }
        }
        // secrets named by the custom resources
        ofKind(objects, "MongoDBCommunity").forEach(mongo -> list(map(mongo.get("spec")).get("users")).forEach(user -> {
            String secret = String.valueOf(map(map(user).get("passwordSecretRef")).get("name"));
            if (!secrets.getOrDefault(secret, Set.of()).contains("password")) {
                problems.add("MongoDBCommunity user " + map(user).get("name") + ": Secret " + secret + " has no key password");
            }
        }));
        ofKind(objects, "Keycloak").forEach(keycloak -> {
            Map<String, Object> spec = map(keycloak.get("spec"));
            String admin = String.valueOf(map(map(spec.get("bootstrapAdmin")).get("user")).get("secret"));
            if (!secrets.containsKey(admin)) {
                problems.add("Keycloak: bootstrap admin Secret " + admin + " does not exist");
            }
            String database = String.valueOf(map(map(spec.get("db")).get("passwordSecret")).get("name"));
            if (!generated.contains(database) && !secrets.containsKey(database)) {
                problems.add("Keycloak: database Secret " + database + " is neither written nor generated");
            }
        });
        ofKind(objects, "KeycloakRealmImport").forEach(realmImport ->
                map(map(realmImport.get("spec")).get("placeholders")).forEach((placeholder, value) -> {
                    Map<String, Object> ref = map(map(value).get("secret"));
                    if (!secrets.getOrDefault((String) ref.get("name"), Set.of()).contains((String) ref.get("key"))) {
                        problems.add("KeycloakRealmImport placeholder " + placeholder + ": no Secret key " + ref);
                    }
                }));
        assertThat(problems).as("%s overlay", overlay).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theInfrastructureCustomResourcesAreComplete(String overlay) {
        List<Map<String, Object>> objects = withSecrets(overlay);
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> object : objects) {
            String expected = CUSTOM_RESOURCE_API_VERSIONS.get((String) object.get("kind"));
            if (expected != null && !expected.equals(object.get("apiVersion"))) {
                problems.add(id(object) + ": apiVersion " + object.get("apiVersion") + ", expected " + expected);
            }
        }
        int minimum = "prod".equals(overlay) ? 3 : 1;

        // Kafka: one KRaft cluster, TLS + SCRAM listener, ACLs; every topic and its dead-letter topic
        Map<String, Object> kafka = single(objects, "Kafka");
        Map<String, Object> kafkaSpec = map(map(kafka.get("spec")).get("kafka"));
        assertThat(String.valueOf(kafkaSpec.get("listeners"))).contains("tls=true").contains("type=scram-sha-512");
        assertThat(map(kafkaSpec.get("authorization")).get("type")).isEqualTo("simple");
        Map<String, Object> pool = single(objects, "KafkaNodePool");
        Map<String, Object> poolSpec = map(pool.get("spec"));
        assertThat(map(pool.get("metadata")).get("labels")).asString().contains("strimzi.io/cluster=" + name(kafka));
        assertThat(list(poolSpec.get("roles"))).contains("controller", "broker");
        assertThat(((Number) poolSpec.get("replicas")).intValue()).isGreaterThanOrEqualTo(minimum);
        requireResources(problems, "KafkaNodePool", poolSpec.get("resources"));
        Set<String> expectedTopics = DOMAIN_TOPICS.stream().flatMap(topic -> Stream.of(topic, topic + ".dlt"))
                .collect(Collectors.toSet());
        List<Map<String, Object>> topics = ofKind(objects, "KafkaTopic");
        assertThat(topics).extracting(DeploymentManifestsTest::name).containsExactlyInAnyOrderElementsOf(expectedTopics);
        Map<String, Object> retentionByTopic = new HashMap<>();
        topics.forEach(topic -> retentionByTopic.put(name(topic), map(map(topic.get("spec")).get("config")).get("retention.ms")));
        assertThat(retentionByTopic.get(CODES_TOPIC + ".dlt")).as("parked one-time codes live no longer than the codes topic")
                .isEqualTo(retentionByTopic.get(CODES_TOPIC));
        for (Map<String, Object> topic : topics) {
            Map<String, Object> spec = map(topic.get("spec"));
            int replicas = ((Number) spec.get("replicas")).intValue();
            int minIsr = ((Number) map(spec.get("config")).get("min.insync.replicas")).intValue();
            if (replicas > ((Number) poolSpec.get("replicas")).intValue() || minIsr > replicas
                    || ("prod".equals(overlay) && (replicas < 3 || minIsr < 2))) {
                problems.add(id(topic) + ": replicas " + replicas + ", min.insync.replicas " + minIsr);
            }
        }
        Map<String, Map<String, Object>> users = ofKind(objects, "KafkaUser").stream()
                .collect(Collectors.toMap(DeploymentManifestsTest::name, user -> user));
        assertThat(users.keySet()).containsExactlyInAnyOrderElementsOf(BACKEND_SERVICES);
        users.forEach((user, resource) -> {
            boolean readsCodes = list(map(map(resource.get("spec")).get("authorization")).get("acls")).stream()
                    .map(DeploymentManifestsTest::map)
                    .anyMatch(acl -> CODES_TOPIC.equals(map(acl.get("resource")).get("name"))
                            && list(acl.get("operations")).contains("Read"));
            if (readsCodes != user.equals("notification-service")) {
                problems.add("KafkaUser " + user + ": only notification-service may read " + CODES_TOPIC);
            }
        });

        // MongoDB: a replica set; one user per service with readWrite on that service's database only
        Map<String, Object> mongoSpec = map(single(objects, "MongoDBCommunity").get("spec"));
        assertThat(((Number) mongoSpec.get("members")).intValue()).isGreaterThanOrEqualTo(minimum);
        assertThat(mongoSpec.get("type")).isEqualTo("ReplicaSet");
        assertThat(String.valueOf(mongoSpec.get("statefulSet"))).contains("resources=");
        Map<String, ConfigMapView> serviceConfig = new HashMap<>();
        ofKind(objects, "ConfigMap").forEach(cm -> serviceConfig.put(name(cm), new ConfigMapView(map(cm.get("data")))));
        for (String service : BACKEND_SERVICES) {
            Map<String, Object> user = list(mongoSpec.get("users")).stream().map(DeploymentManifestsTest::map)
                    .filter(candidate -> service.equals(candidate.get("name"))).findFirst().orElse(null);
            if (user == null) {
                problems.add("MongoDBCommunity: no user " + service);
                continue;
            }
            String database = serviceConfig.get(service + "-config").get("SPRING_MONGODB_DATABASE");
            List<Object> roles = list(user.get("roles"));
            if (roles.size() != 1 || !Objects.equals(map(roles.getFirst()).get("db"), database)
                    || !"readWrite".equals(map(roles.getFirst()).get("name"))) {
                problems.add("MongoDBCommunity user " + service + ": roles " + roles + " instead of readWrite on "
                        + database);
            }
        }

        // Keycloak and its database
        Map<String, Object> keycloak = single(objects, "Keycloak");
        Map<String, Object> keycloakSpec = map(keycloak.get("spec"));
        requireResources(problems, "Keycloak", keycloakSpec.get("resources"));
        assertThat(map(keycloakSpec.get("ingress")).get("enabled")).as("operator Ingress (publishes /admin)")
                .isEqualTo(false);
        String hostname = String.valueOf(map(keycloakSpec.get("hostname")).get("hostname"));
        String issuer = serviceConfig.get("medledger-common").get("MEDLEDGER_ISSUER_URI");
        assertThat(issuer).as("issuer of the services vs Keycloak's hostname").isEqualTo(hostname + "/realms/medledger");
        assertThat(serviceConfig.get("medledger-common").get("MEDLEDGER_KEYCLOAK_URL")).isEqualTo(hostname);
        if ("prod".equals(overlay)) {
            assertThat(((Number) keycloakSpec.get("instances")).intValue()).isGreaterThanOrEqualTo(2);
            assertThat(hostname).startsWith("https://");
        }
        Map<String, Object> database = single(objects, "Cluster");
        assertThat(((Number) map(database.get("spec")).get("instances")).intValue()).isGreaterThanOrEqualTo(minimum);
        requireResources(problems, "Cluster", map(database.get("spec")).get("resources"));
        Map<String, Object> realmImport = single(objects, "KeycloakRealmImport");
        assertThat(map(realmImport.get("spec")).get("keycloakCRName")).isEqualTo(name(keycloak));
        requireResources(problems, "KeycloakRealmImport", map(realmImport.get("spec")).get("resources"));

        // realm settings agree with the services' settings
        Map<String, Object> realmSettings = map(ofKind(objects, "Secret").stream()
                .filter(secret -> "keycloak-realm-settings".equals(name(secret))).findFirst().orElseThrow()
                .get("stringData"));
        assertThat(realmSettings.get("MEDLEDGER_PUBLIC_URL"))
                .isEqualTo(serviceConfig.get("medledger-common").get("MEDLEDGER_PUBLIC_URL"));

        // two report buckets; in prod on two S3 stores
        ConfigMapView reportChain = serviceConfig.get("report-chain-service-config");
        assertThat(reportChain.get("MEDLEDGER_S3_BUCKET_A")).isNotEqualTo(reportChain.get("MEDLEDGER_S3_BUCKET_B"));
        if ("prod".equals(overlay)) {
            assertThat(reportChain.get("MEDLEDGER_S3_BUCKET_B_ENDPOINT")).isNotBlank()
                    .isNotEqualTo(reportChain.get("MEDLEDGER_S3_ENDPOINT"));
            assertThat(ofKind(objects, "StatefulSet")).extracting(DeploymentManifestsTest::name)
                    .contains("medledger-s3", "medledger-s3-b");
        }
        assertThat(problems).as("%s overlay", overlay).isEmpty();
    }

    @Test
    void prodPinsImagesAndRendersNoSecret_theTemplatesHoldOnlyPlaceholders() {
        List<Map<String, Object>> objects = rendered("prod");
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> workload : workloads("prod")) {
            Map<String, Object> pod = podSpec(workload);
            Stream.concat(list(pod.get("containers")).stream(), list(pod.get("initContainers")).stream())
                    .map(container -> String.valueOf(map(container).get("image")))
                    .filter(image -> image.endsWith(":latest") || image.contains(":latest@")
                            || image.endsWith("-SNAPSHOT") || !image.substring(image.lastIndexOf('/') + 1).contains(":"))
                    .forEach(image -> problems.add(id(workload) + ": image " + image + " is not a pinned release"));
        }
        assertThat(ofKind(objects, "Secret")).extracting(DeploymentManifestsTest::name)
                .as("Secrets in the prod overlay (applying it would overwrite the real ones)").isEmpty();
        for (Map<String, Object> secret : secretTemplates()) {
            Map<String, Object> annotations = map(map(secret.get("metadata")).get("annotations"));
            Set<String> settings = Arrays.stream(String.valueOf(annotations.getOrDefault("medledger.org/non-secret-keys", ""))
                    .split(",")).map(String::trim).filter(key -> !key.isEmpty()).collect(Collectors.toSet());
            if (!map(secret.get("data")).isEmpty()) {
                problems.add(name(secret) + ": base64 data in a committed Secret");
            }
            map(secret.get("stringData")).forEach((key, value) -> {
                if (!settings.contains(key) && !PLACEHOLDER.equals(value)) {
                    problems.add(name(secret) + "/" + key + ": not the placeholder " + PLACEHOLDER);
                }
            });
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void prodHasNoDemoUsersAndNoDevelopmentClient() throws IOException {
        List<Map<String, Object>> objects = rendered("prod");
        String everything = JSON.writeValueAsString(objects);
        assertThat(everything).doesNotContain("medledger-cli").doesNotContain("@demo.medledger.test")
                .doesNotContain("Demo-Pass").doesNotContain("mailpit");
        JsonNode devUsers = JSON.readTree(repo.resolve("keycloak/dev/medledger-users-0.json").toFile());
        Set<String> demoNames = new HashSet<>();
        devUsers.path("users").forEach(user -> demoNames.add(user.path("username").asString()));
        JsonNode realm = JSON.valueToTree(map(single(objects, "KeycloakRealmImport").get("spec")).get("realm"));
        realm.path("users").forEach(user -> {
            assertThat(demoNames).doesNotContain(user.path("username").asString());
            assertThat(user.path("username").asString()).as("only service accounts in the prod realm")
                    .startsWith("service-account-");
            assertThat(user.has("credentials")).isFalse();
        });
        JsonNode devRealm = JSON.readTree(repo.resolve("keycloak/dev/medledger-realm-dev.json").toFile());
        Set<String> devClients = new HashSet<>();
        devRealm.path("clients").forEach(client -> devClients.add(client.path("clientId").asString()));
        realm.path("clients").forEach(client -> assertThat(devClients).doesNotContain(client.path("clientId").asString()));
    }

    @Test
    void theRealmImportsAreGeneratedFromTheRealmFiles() throws IOException {
        rendered("prod");
        JsonNode productionRealm = JSON.readTree(repo.resolve("keycloak/realm/medledger-realm.json").toFile());
        String advice = "out of step with keycloak/ (run deploy/sync-realm-imports.sh); differences at ";
        JsonNode prodImport = normalized(map(single(rendered("prod"), "KeycloakRealmImport").get("spec")).get("realm"));
        assertThat(differences(productionRealm, prodImport, "")).as("prod realm import " + advice).isEmpty();

        ObjectNode developmentRealm = (ObjectNode) productionRealm.deepCopy();
        merge(developmentRealm, JSON.readTree(repo.resolve("keycloak/dev/medledger-realm-dev.json").toFile()));
        JsonNode demoUsers = JSON.readTree(repo.resolve("keycloak/dev/medledger-users-0.json").toFile()).path("users");
        ArrayNode users = developmentRealm.has("users") ? (ArrayNode) developmentRealm.get("users")
                : developmentRealm.putArray("users");
        demoUsers.forEach(users::add);
        JsonNode devImport = normalized(map(single(rendered("dev"), "KeycloakRealmImport").get("spec")).get("realm"));
        assertThat(differences(developmentRealm, devImport, "")).as("dev realm import " + advice).isEmpty();
    }

    @Test
    void composeAndKubernetesGiveTheServicesTheSameSettings() throws IOException {
        List<Map<String, Object>> objects = withSecrets("prod");
        Map<String, Object> compose = map(loadOne(Files.readString(repo.resolve("docker-compose.yml"))).get("services"));
        Map<String, Set<String>> configKeys = new HashMap<>();
        ofKind(objects, "ConfigMap").forEach(cm -> configKeys.put(name(cm), map(cm.get("data")).keySet()));
        ofKind(objects, "Secret").forEach(secret -> configKeys.put(name(secret), map(secret.get("stringData")).keySet()));
        List<String> problems = new ArrayList<>();
        for (String service : SERVICES) {
            Map<String, Object> deployment = workloads("prod").stream().filter(w -> name(w).equals(service))
                    .findFirst().orElseThrow();
            Map<String, Object> container = map(list(podSpec(deployment).get("containers")).getFirst());
            Set<String> kubernetes = new HashSet<>();
            list(container.get("envFrom")).forEach(source -> {
                Map<String, Object> from = map(source);
                String ref = String.valueOf(firstNonNull(map(from.get("configMapRef")).get("name"),
                        map(from.get("secretRef")).get("name")));
                kubernetes.addAll(configKeys.getOrDefault(ref, Set.of()));
            });
            list(container.get("env")).forEach(variable -> kubernetes.add((String) map(variable).get("name")));
            Set<String> composeNames = new TreeSet<>(map(map(compose.get(service)).get("environment")).keySet());
            composeNames.removeAll(kubernetes);
            // in Kubernetes the Kafka listener is TLS + SCRAM, configured by more names, never fewer
            if (!composeNames.isEmpty()) {
                problems.add(service + ": set in docker-compose.yml but not in k8s: " + composeNames);
            }
        }
        assertThat(problems).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private record Result(int exit, String stdout, String stderr) {
    }

    private record ConfigMapView(Map<String, Object> data) {
        String get(String key) {
            Object value = data.get(key);
            return value == null ? null : value.toString();
        }
    }

    private List<Map<String, Object>> rendered(String overlay) {
        Assumptions.assumeTrue(onPath("kubectl"),
                "kubectl is not installed (Debian package kubectl): the Kubernetes overlays were not rendered");
        return rendered.get(overlay);
    }

    /** The rendered overlay plus, for prod, the Secrets that operators create from the templates outside git. */
    private List<Map<String, Object>> withSecrets(String overlay) {
        if (!"prod".equals(overlay)) {
            return rendered(overlay);
        }
        return Stream.concat(rendered(overlay).stream(), secretTemplates().stream()).toList();
    }

    private List<Map<String, Object>> secretTemplates() {
        try {
            return loadAll(Files.readString(repo.resolve("k8s/secret-templates/secrets.yaml")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Map<String, Object>> workloads(String overlay) {
        return rendered(overlay).stream().filter(object -> WORKLOAD_KINDS.contains(object.get("kind"))).toList();
    }

    private static boolean isService(Map<String, Object> workload) {
        return "Deployment".equals(workload.get("kind")) && SERVICES.contains(name(workload));
    }

    private static Map<String, Object> podSpec(Map<String, Object> workload) {
        Map<String, Object> spec = map(workload.get("spec"));
        if ("CronJob".equals(workload.get("kind"))) {
            spec = map(map(spec.get("jobTemplate")).get("spec"));
        }
        return map(map(spec.get("template")).get("spec"));
    }

    private static void assertProbe(List<String> problems, String id, Map<String, Object> container, String probe,
            String path) {
        Object actual = map(map(container.get(probe)).get("httpGet")).get("path");
        if (!path.equals(actual)) {
            problems.add(id + ": " + probe + " on " + actual + " instead of " + path);
        }
    }

    private static void requireResources(List<String> problems, String what, Object resources) {
        Map<String, Object> value = map(resources);
        if (map(value.get("requests")).get("memory") == null || map(value.get("limits")).get("memory") == null) {
            problems.add(what + ": no resource requests and limits");
        }
    }

    private static void requireRef(List<String> problems, String where, String kind, Map<String, Object> ref,
            Map<String, Set<String>> existing, String key, Set<String> generated) {
        if (ref.isEmpty() || Boolean.TRUE.equals(ref.get("optional"))) {
            return;
        }
        String name = (String) ref.get("name");
        if (generated.contains(name)) {
            return;
        }
        if (!existing.containsKey(name)) {
            problems.add(where + ": " + kind + " " + name + " does not exist");
        } else if (key != null && !existing.get(name).contains(key)) {
            problems.add(where + ": " + kind + " " + name + " has no key " + key);
        }
    }

    /** Objects merged key by key, arrays appended (as local-stack's RealmImport and the dev patch do). */
    private static void merge(ObjectNode base, JsonNode overlay) {
        overlay.properties().forEach(entry -> {
            JsonNode existing = base.get(entry.getKey());
            if (existing instanceof ObjectNode object && entry.getValue().isObject()) {
                merge(object, entry.getValue());
            } else if (existing instanceof ArrayNode array && entry.getValue().isArray()) {
                array.addAll((ArrayNode) entry.getValue());
            } else {
                base.set(entry.getKey(), entry.getValue().deepCopy());
            }
        });
    }

    /** JSON pointers where {@code actual} differs from {@code expected} (the first 20). */
    private static List<String> differences(JsonNode expected, JsonNode actual, String path) {
        List<String> found = new ArrayList<>();
        if (expected.isObject() && actual.isObject()) {
            Set<String> keys = new TreeSet<>(expected.propertyNames());
            keys.addAll(actual.propertyNames());
            for (String key : keys) {
                found.addAll(differences(expected.path(key), actual.path(key), path + "/" + key));
            }
        } else if (expected.isArray() && actual.isArray()) {
            for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
                found.addAll(differences(expected.path(i), actual.path(i), path + "/" + i));
            }
        } else if (!expected.equals(actual)) {
            found.add(path + " (expected " + abbreviate(expected) + ", found " + abbreviate(actual) + ")");
        }
        return found.size() > 20 ? found.subList(0, 20) : found;
    }

    private static String abbreviate(JsonNode node) {
        String text = node.isMissingNode() ? "nothing" : node.toString();
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }

    /** Through JSON text, so that numbers compare by value whatever type the YAML parser gave them. */
    private static JsonNode normalized(Object value) {
        return JSON.readTree(JSON.writeValueAsString(value));
    }

    private static Map<String, Object> single(List<Map<String, Object>> objects, String kind) {
        List<Map<String, Object>> found = ofKind(objects, kind);
        assertThat(found).as("exactly one %s", kind).hasSize(1);
        return found.getFirst();
    }

    private static List<Map<String, Object>> ofKind(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(object -> kind.equals(object.get("kind"))).toList();
    }

    private static String name(Map<String, Object> object) {
        return String.valueOf(map(object.get("metadata")).get("name"));
    }

    private static String id(Map<String, Object> object) {
        return object.get("kind") + "/" + name(object);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    private static Object firstNonNull(Object first, Object second) {
        return first != null ? first : second;
    }

    private static Set<String> matches(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(64 * 1024 * 1024);
        return new Yaml(new SafeConstructor(options));
    }

    private static Map<String, Object> loadOne(String text) {
        return map(yaml().load(text));
    }

    private static List<Map<String, Object>> loadAll(String text) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object document : yaml().loadAll(text)) {
            if (document != null) {
                objects.add(map(document));
            }
        }
        assertThat(objects).isNotEmpty();
        return objects;
    }

    private static Path findRepositoryRoot() {
        Path start = Path.of(System.getProperty("medledger.repo.root", System.getProperty("user.dir")))
                .toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isDirectory(dir.resolve("k8s"))) {
                return dir;
            }
        }
        return fail("no MedLedger checkout (docker-compose.yml and k8s/) above " + start);
    }

    private static boolean onPath(String command) {
        String path = Objects.requireNonNullElse(System.getenv("PATH"), "");
        return Arrays.stream(path.split(java.io.File.pathSeparator))
                .map(dir -> Path.of(dir, command)).anyMatch(Files::isExecutable);
    }

    private static Result run(Path dir, int timeoutSeconds, String... command) {
        try {
            Path out = Files.createTempFile("medledger-deploy-", ".out");
            Path err = Files.createTempFile("medledger-deploy-", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile());
                // docker-compose must not pick up a developer's own .env overrides or project settings
                builder.environment().keySet().removeIf(name -> name.startsWith("COMPOSE_"));
                Process process = builder.start();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return fail(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
