package io.callstorm.cli.config;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every simulation file under {@code samples/simulations} is one the CLI reads without a problem (its catalog
 * included), and one {@code docs/schema/simulation.schema.json} accepts, as an editor checks it.
 */
class SampleFilesTest {
    /** The repository's root, from the cli module's folder where Maven runs its tests. */
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    static List<Path> simulations() throws IOException {
        try (Stream<Path> s = Files.walk(ROOT.resolve("samples/simulations"))) {
            return s.filter(f -> f.toString().endsWith(".yaml") && !f.getParent().endsWith("catalog")).sorted()
                    .toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everySampleSimulationIsReadWithoutAProblem() throws IOException {
        List<Path> files = simulations();
        assertThat(files).hasSizeGreaterThanOrEqualTo(2);
        return files.stream().map(f -> DynamicTest.dynamicTest(ROOT.relativize(f).toString(), () -> {
            SimulationFile spec = SimulationFile.read(f, name -> "token-of-" + name);
            assertThat(spec.personas()).isNotEmpty();
            assertThat(spec.scenarios().paths()).isNotEmpty();
        }));
    }
}
