package io.callstorm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.callstorm.simulate.report.ReportJson;
import io.callstorm.simulate.report.SimulationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/schema/report.schema.json}, the published schema of {@code report.json}, is generated from the report's
 * Java records (so it cannot drift from them: this test fails when it is not what they give, and rewrites it with
 * {@code -Dcallstorm.schema.write=true}), and a real run's report validates against it.
 */
class ReportSchemaTest {
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final Path SCHEMA = ROOT.resolve("docs/schema/report.schema.json");
    private static final Map<Class<?>, Class<?>> OPTIONALS = Map.of(java.util.OptionalInt.class, Integer.class,
            java.util.OptionalLong.class, Long.class, java.util.OptionalDouble.class, Double.class);

    /** The schema the records give: every property required (a report always writes them all), more allowed. */
    static String generated() throws Exception {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(ReportJson.mapper(),
                SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .with(new JacksonModule())
                .with(Option.FLATTENED_OPTIONALS, Option.DEFINITIONS_FOR_ALL_OBJECTS)
                .without(Option.SCHEMA_VERSION_INDICATOR);
        // Jdk8Module writes an empty Optional, OptionalInt, OptionalLong or OptionalDouble as null, a full one as its value
        config.forFields().withRequiredCheck(f -> !OPTIONALS.containsKey(f.getType().getErasedType())
                && !f.getType().getErasedType().equals(java.util.Optional.class));
        config.forFields().withNullableCheck(f -> OPTIONALS.containsKey(f.getType().getErasedType())
                || f.getType().getErasedType().equals(java.util.Optional.class));
        config.forFields().withTargetTypeOverridesResolver(f -> {
            Class<?> primitive = OPTIONALS.get(f.getType().getErasedType());
            return primitive == null ? null : List.of(f.getContext().resolve(primitive));
        });
        ObjectNode schema = new SchemaGenerator(config.build()).generateSchema(SimulationReport.class);
        ObjectNode out = ReportJson.mapper().createObjectNode();
        out.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        out.put("$id", "https://callstorm.io/schema/report.schema.json");
        out.put("title", "Callstorm report.json");
        out.put("description", "A run's report (report.json). Generated from the Java records "
                + "io.callstorm.simulate.report.*; later schema versions add properties, so readers ignore "
                + "unknown ones. Do not edit: ReportSchemaTest rewrites it with -Dcallstorm.schema.write=true.");
        out.setAll(schema);
        return ReportJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n";
    }

    @Test
    void thePublishedSchemaIsWhatTheReportsRecordsGive() throws Exception {
        String generated = generated();
        if (Boolean.getBoolean("callstorm.schema.write")) {
            Files.writeString(SCHEMA, generated);
        }
        assertThat(SCHEMA).as("docs/schema/report.schema.json is out of date: run this test with "
                + "-Dcallstorm.schema.write=true and commit the file").exists();
        assertThat(Files.readString(SCHEMA)).as("docs/schema/report.schema.json is out of date: run this test with "
                + "-Dcallstorm.schema.write=true and commit the file").isEqualTo(generated);
    }

    @Test
    void aRealRunsReportValidatesAgainstThePublishedSchema(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        CliResult r = CliResult.run(Map.<String, String>of()::get, "demo", "--peak", "30", "--start", "5",
                "--ramp", "2s", "--hold", "2s", "--ramp-down", "1s", "--time-scale", "0.02", "--no-progress",
                "--out", out.toString(), "--gate", "conversation_resolution>=0.01");
        assertThat(r.exitCode()).as(r.err()).isIn(CallstormCli.EXIT_OK, 1);
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b.schemas(Map.of(
                "https://callstorm.io/schema/report.schema.json", readSchema())))
                .getSchema(com.networknt.schema.SchemaLocation.of("https://callstorm.io/schema/report.schema.json"));
        JsonNode report = ReportJson.mapper().readTree(out.resolve("report.json").toFile());

        List<String> errors = schema.validate(report).stream().map(Error::toString).toList();

        assertThat(errors).isEmpty();
        assertThat(report.path("breakdown").path("paths").path("rows")).isNotEmpty();
    }

    private static String readSchema() {
        try {
            return Files.readString(SCHEMA);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
