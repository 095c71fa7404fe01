package io.callstorm.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every simulation file under {@code samples/simulations} is one the CLI reads without a problem (its catalog
 * included) and one the published schemas ({@code docs/schema/simulation.schema.json}, {@code catalog.schema.json})
 * accept, as an editor checks it; and the schemas refuse what the CLI refuses for its shape.
 */
class SampleFilesTest {
    /** The repository's root, from the cli module's folder where Maven runs its tests. */
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final String BASE = "https://callstorm.io/schema/";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The schemas as published, by their {@code $id}: nothing is fetched from the network. */
    private static SchemaRegistry registry() throws IOException {
        Path dir = ROOT.resolve("docs/schema");
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b.schemas(Map.of(
                BASE + "simulation.schema.json", read(dir.resolve("simulation.schema.json")),
                BASE + "catalog.schema.json", read(dir.resolve("catalog.schema.json")))));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Schema schema(String name) throws IOException {
        return registry().getSchema(SchemaLocation.of(BASE + name));
    }

    private static List<Path> files(boolean catalogs) throws IOException {
        try (Stream<Path> s = Files.walk(ROOT.resolve("samples/simulations"))) {
            return s.filter(f -> f.toString().endsWith(".yaml") && f.getParent().endsWith("catalog") == catalogs)
                    .sorted().toList();
        }
    }

    private static List<String> errors(Schema schema, Path file) throws IOException {
        return schema.validate(YAML.readTree(file.toFile())).stream().map(Error::toString).toList();
    }

    @TestFactory
    Stream<DynamicTest> everySampleSimulationIsReadWithoutAProblemAndMatchesTheSchema() throws IOException {
        List<Path> files = files(false);
        assertThat(files).hasSizeGreaterThanOrEqualTo(2);
        Schema schema = schema("simulation.schema.json");
        return files.stream().map(f -> DynamicTest.dynamicTest(ROOT.relativize(f).toString(), () -> {
            SimulationFile spec = SimulationFile.read(f, name -> "token-of-" + name);
            assertThat(spec.personas()).isNotEmpty();
            assertThat(spec.scenarios().paths()).isNotEmpty();
            assertThat(errors(schema, f)).isEmpty();
        }));
    }

    @TestFactory
    Stream<DynamicTest> everySampleCatalogFileMatchesTheSchema() throws IOException {
        List<Path> files = files(true);
        assertThat(files).isNotEmpty();
        Schema schema = schema("catalog.schema.json");
        return files.stream().map(f -> DynamicTest.dynamicTest(ROOT.relativize(f).toString(),
                () -> assertThat(errors(schema, f)).isEmpty()));
    }

    @Test
    void theSchemaRefusesWhatTheReaderRefusesForItsShape() throws IOException {
        Schema schema = schema("simulation.schema.json");
        JsonNode bad = YAML.readTree("""
                rows: 0
                clock: sometimes
                personas: [{id: raj, age: 99}]
                load: {stages: [{rampTo: 10}]}
                agent: {reference: {fixes: [faster]}, connecter: {}}
                """);

        List<String> errors = schema.validate(bad).stream().map(Error::toString).toList();

        assertThat(String.join("\n", errors)).contains("/rows").contains("/clock").contains("/personas")
                .contains("/load/stages/0").contains("/agent/reference/fixes/0").contains("connecter");
    }
}
