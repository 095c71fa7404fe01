package io.callstorm.samples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CI files of docs/ci.md (docs/ci/github-actions.yml, docs/ci/gitlab-ci.yml) are ones that work: every command a
 * job runs is a {@code ./callstorm} or {@code ./mvnw} command; each {@code ./callstorm} command is run here as the CI
 * runner would run it, from the repository's root, and must exit 0 and write the junit.xml that its job publishes;
 * the {@code ./mvnw} command is the build this repository's own CI runs ({@code .ci/run}, where it is exercised on
 * every push), and the junit.xml its job publishes is the one the samples' build writes with callstorm-maven-plugin.
 */
class CiFilesTest {
    /** The samples module's tests run in samples/; the CI files' commands run from the repository's root. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** GitLab's top-level keys that are settings, not jobs. */
    private static final Set<String> GITLAB_KEYWORDS = Set.of("stages", "variables", "default", "include",
            "workflow", "image", "services", "cache", "before_script", "after_script");

    /** A job: where it is, the commands it runs in order, and the junit.xml files it publishes as test results. */
    record Job(String where, List<String> commands, List<String> junitFiles) {
    }

    private static List<Job> jobs;

    @BeforeAll
    static void readTheCiFiles() throws IOException {
        jobs = new ArrayList<>();
        jobs.addAll(githubJobs(ROOT.resolve("docs/ci/github-actions.yml")));
        jobs.addAll(gitlabJobs(ROOT.resolve("docs/ci/gitlab-ci.yml")));
    }

    @Test
    void everyJobRunsCallstormOrTheMavenBuildAndPublishesAJunitXml() {
        assertThat(jobs).extracting(Job::where).containsExactly("github-actions.yml jobs.load-test",
                "github-actions.yml jobs.maven-build", "gitlab-ci.yml load-test", "gitlab-ci.yml maven-build");
        for (Job job : jobs) {
            assertThat(job.commands()).as(job.where()).isNotEmpty().allSatisfy(c -> assertThat(c)
                    .as("%s runs only commands this test checks", job.where())
                    .matches("(\\./callstorm|\\./mvnw) .*"));
            assertThat(job.junitFiles()).as(job.where()).isNotEmpty().allSatisfy(f -> assertThat(f).endsWith("junit.xml"));
        }
    }

    @Test
    void docsCiShowsEachFileAsItIs() throws IOException {
        String page = Files.readString(ROOT.resolve("docs/ci.md"), StandardCharsets.UTF_8);
        for (String file : List.of("github-actions.yml", "gitlab-ci.yml")) {
            String text = Files.readString(ROOT.resolve("docs/ci").resolve(file), StandardCharsets.UTF_8);
            assertThat(page).as("docs/ci.md shows docs/ci/%s whole", file).contains("```yaml\n" + text + "```");
        }
    }

    @Test
    void eachCallstormCommandPassesItsGateAndWritesTheJunitXmlItsJobPublishes() throws Exception {
        Map<String, List<Job>> byCommand = new LinkedHashMap<>();
        for (Job job : jobs) {
            job.commands().stream().filter(c -> c.startsWith("./callstorm "))
                    .forEach(c -> byCommand.computeIfAbsent(c, k -> new ArrayList<>()).add(job));
        }
        assertThat(byCommand).isNotEmpty();
        for (Map.Entry<String, List<Job>> e : byCommand.entrySet()) {
            Instant started = Instant.now().minusSeconds(1);
            int exit = run(e.getKey());
            assertThat(exit).as("exit code of %s (0: done and the gate passed)", e.getKey()).isZero();
            for (Job job : e.getValue()) {
                for (String junit : job.junitFiles()) {
                    Path file = ROOT.resolve(junit);
                    assertThat(file).as("%s publishes %s", job.where(), junit).isRegularFile();
                    assertThat(Files.getLastModifiedTime(file)).as("written by this run: %s", junit)
                            .isGreaterThan(FileTime.from(started));
                    assertJunitXmlWithPassingTests(file);
                }
            }
        }
    }

    @Test
    void theMavenCommandIsTheBuildCiRunsAndItsJunitXmlIsTheOneTheSamplesBuildWrites() throws Exception {
        String ciRun = Files.readString(ROOT.resolve(".ci/run"), StandardCharsets.UTF_8);
        String built = ciRun.lines().map(String::strip).filter(l -> l.startsWith("./mvnw ")).findFirst().orElseThrow();
        String samplesPom = Files.readString(ROOT.resolve("samples/pom.xml"), StandardCharsets.UTF_8);
        // the samples' build runs the CI smoke simulation with the plugin, into its default output directory
        assertThat(samplesPom).contains("<artifactId>callstorm-maven-plugin</artifactId>", "<goal>run</goal>",
                "<simulation>simulations/ci-smoke.yaml</simulation>").doesNotContain("<outputDirectory>");
        List<Job> maven = jobs.stream().filter(j -> j.commands().stream().anyMatch(c -> c.startsWith("./mvnw ")))
                .toList();
        assertThat(maven).hasSize(2);
        for (Job job : maven) {
            assertThat(job.commands()).as(job.where()).containsExactly(built);
            assertThat(job.junitFiles()).as(job.where()).containsExactly("samples/target/callstorm/junit.xml");
        }
    }

    private static void assertJunitXmlWithPassingTests(Path file) throws Exception {
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        Element suite = (Element) xml.getElementsByTagName("testsuite").item(0);
        int tests = Integer.parseInt(suite.getAttribute("tests"));
        assertThat(tests).as("test cases in %s", file).isPositive()
                .isEqualTo(xml.getElementsByTagName("testcase").getLength());
        assertThat(suite.getAttribute("failures")).isEqualTo("0");
    }

    /** Runs {@code command} as a CI runner does: bash, from the repository's root, stopping at the first error. */
    private static int run(String command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("ci-command-", ".log");
        ProcessBuilder b = new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", command)
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        // the launcher's default JVM pre-touches a 1 GiB heap, which took 40 s on a busy two-core machine: the
        // command is the same, its JVM starts without it (the launcher's documented override)
        b.environment().put("CALLSTORM_JAVA_OPTS", "-Xmx1g -XX:+UseZGC");
        // the run is recorded in the run history: under target/, never the real ~/.callstorm
        b.environment().put("CALLSTORM_HOME", ROOT.resolve("samples/target/callstorm-home").toString());
        Process p = b.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("still running after 10 minutes: " + command);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        if (p.exitValue() != 0) {
            System.err.println(output);
        }
        return p.exitValue();
    }

    private static List<Job> githubJobs(Path file) throws IOException {
        List<Job> out = new ArrayList<>();
        JsonNode root = YAML.readTree(file.toFile());
        root.path("jobs").fields().forEachRemaining(job -> {
            List<String> commands = new ArrayList<>();
            List<String> junit = new ArrayList<>();
            for (JsonNode step : job.getValue().path("steps")) {
                if (step.has("run")) {
                    commands.addAll(lines(step.get("run").asText()));
                }
                if (step.path("with").has("report_paths")) {
                    junit.addAll(Arrays.stream(step.get("with").get("report_paths").asText().split("[,\\n]"))
                            .map(String::strip).filter(s -> !s.isEmpty()).toList());
                }
            }
            out.add(new Job(file.getFileName() + " jobs." + job.getKey(), commands, junit));
        });
        return out;
    }

    private static List<Job> gitlabJobs(Path file) throws IOException {
        List<Job> out = new ArrayList<>();
        JsonNode root = YAML.readTree(file.toFile());
        root.fields().forEachRemaining(job -> {
            if (GITLAB_KEYWORDS.contains(job.getKey()) || job.getKey().startsWith(".")) {
                return;
            }
            List<String> commands = new ArrayList<>();
            job.getValue().path("script").forEach(line -> commands.addAll(lines(line.asText())));
            List<String> junit = new ArrayList<>();
            JsonNode reports = job.getValue().path("artifacts").path("reports").path("junit");
            if (reports.isArray()) {
                reports.forEach(r -> junit.add(r.asText()));
            } else if (reports.isTextual()) {
                junit.add(reports.asText());
            }
            out.add(new Job(file.getFileName() + " " + job.getKey(), commands, junit));
        });
        return out;
    }

    /** The commands of a script: its lines but blank ones and comments. */
    private static List<String> lines(String script) {
        return script.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }
}
