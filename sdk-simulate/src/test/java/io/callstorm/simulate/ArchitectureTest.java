package io.callstorm.simulate;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape of the simulate library, checked on its classes: packages follow the flow of a run, each using only
 * the rooms below it, with no cycle; an {@code internal} package is used only from within its parent; and the
 * library carries none of the application's pieces (CLI, progress bar, terminal, reference agent).
 */
class ArchitectureTest {
    private static final String ROOT = "io.callstorm.simulate";

    /**
     * The rooms from the top down: each may use only those after it. The live stream on top (a listener of the run
     * that also reads its handle); then the builder and run handle; transcripts
     * scores conversations recorded elsewhere into a report (and uses the gate, analysis and writers); the gate
     * judges a report; the engine drives callers through connectors and records what it measures; evaluation
     * settings; analysis turns measurements into report sections; writers write reports and recordings;
     * measurements; the report model; connectors; the load profile; the event loop at the bottom.
     */
    static final List<String> LAYERS = List.of("live", "", "merge", "transcripts", "gate", "engine", "callers", "evaluate", "analysis",
            "writer", "measure", "report", "connect", "load", "loop");

    private static JavaClasses library;

    @BeforeAll
    static void importLibrary() {
        library = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void everyPackageIsARoomOfTheFlow() {
        Set<String> rooms = new TreeSet<>();
        for (JavaClass c : library) {
            rooms.add(room(c.getPackageName()));
        }
        assertThat(LAYERS).containsAll(rooms);
    }

    @Test
    void noPackageCycles() {
        slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                // an internal package is its parent's implementation: the two form one slice
                return c.getPackageName().startsWith(ROOT)
                        ? SliceIdentifier.of(c.getPackageName().replaceAll("\\.internal(\\..*)?$", ""))
                        : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "packages of " + ROOT + ", each internal package with its parent";
            }
        }).should().beFreeOfCycles().check(library);
    }

    @Test
    void noEdgeRunsBackUp() {
        Architectures.LayeredArchitecture layers = Architectures.layeredArchitecture()
                .consideringOnlyDependenciesInLayers();
        for (String layer : LAYERS) {
            layers = layers.layer(name(layer)).definedBy(layer.isEmpty() ? ROOT : ROOT + "." + layer + "..");
        }
        for (int i = 0; i < LAYERS.size(); i++) {
            String[] above = LAYERS.subList(0, i).stream().map(ArchitectureTest::name).toArray(String[]::new);
            layers = i == 0 ? layers.whereLayer(name(LAYERS.get(i))).mayNotBeAccessedByAnyLayer()
                    : layers.whereLayer(name(LAYERS.get(i))).mayOnlyBeAccessedByLayers(above);
        }
        layers.check(library);
    }

    @Test
    void internalTypesAreUsedOnlyWithinTheirParent() {
        Set<String> internals = new TreeSet<>();
        for (JavaClass c : library) {
            String pkg = c.getPackageName();
            int i = pkg.indexOf(".internal");
            if (i > 0) {
                internals.add(pkg.substring(0, i));
            }
        }
        assertThat(internals).isNotEmpty();
        for (String parent : internals) {
            noClasses().that().resideOutsideOfPackage(parent + "..")
                    .should().dependOnClassesThat().resideInAPackage(parent + ".internal..")
                    .because(parent + ".internal is " + parent + "'s implementation, not an API")
                    .check(library);
        }
    }

    @Test
    void theLibraryCarriesNoApplication() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("picocli..", "me.tongfei..", "org.jline..",
                        "org.webjars..", "io.callstorm.reference..", "io.callstorm.cli..")
                .because("a JUnit test that embeds Simulation.builder() gets no CLI, progress bar, terminal, webjar "
                        + "or reference agent")
                .check(library);
    }

    @Test
    void theConnectorApiExposesNoScoringType() {
        noClasses().that().resideInAPackage(ROOT + ".connect..")
                .should().dependOnClassesThat().resideInAPackage("io.callstorm.eval..")
                .because("a connector hands the harness plain values (RecordedAudio); the engine converts them for "
                        + "the evaluators, so a connector depends on no scoring module")
                .check(library);
    }

    private static String room(String pkg) {
        if (pkg.equals(ROOT)) {
            return "";
        }
        String rest = pkg.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static String name(String layer) {
        return layer.isEmpty() ? "simulate" : layer;
    }
}
