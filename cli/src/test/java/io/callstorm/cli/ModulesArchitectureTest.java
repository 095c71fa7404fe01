package io.callstorm.cli;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape of every module, checked here because the CLI's test class path holds them all: dependencies point one
 * way (core <- tracing, eval <- simulate <- reference agent <- CLI; simulate <- history <- CLI), no package of any module is on a cycle, and an
 * {@code internal} package is used only from within its parent. The two modules above the CLI, {@code callstorm-junit}
 * (simulate <- junit) and {@code callstorm-maven-plugin} (CLI <- maven), are not on this class path, but a dependency
 * on them is seen all the same: a class names the classes it uses. The finer package order inside
 * {@code sdk-simulate} is {@code io.callstorm.simulate.ArchitectureTest}'s.
 */
class ModulesArchitectureTest {
    private static JavaClasses all;

    @BeforeAll
    static void importModules() {
        all = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar")) // sdk-simulate's test helpers
                .importPackages("io.callstorm");
    }

    @Test
    void everyModuleIsImported() {
        Set<String> tops = new TreeSet<>();
        for (JavaClass c : all) {
            String[] parts = c.getPackageName().split("\\.");
            tops.add(parts.length > 2 ? parts[2] : "");
        }
        assertThat(tops).contains("core", "tracing", "eval", "simulate", "history", "reference", "cli");
    }

    /** The packages of the modules above the CLI: nothing here may use them. */
    private static final String[] ABOVE_THE_CLI = {"io.callstorm.junit..", "io.callstorm.maven.."};

    @Test
    void dependenciesPointOneWay() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(ABOVE_THE_CLI)
                .because("callstorm-junit and callstorm-maven-plugin are built on the libraries and the CLI, not "
                        + "the other way round")
                .check(all);
        noClasses().that().resideInAPackage("io.callstorm.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.callstorm.tracing..", "io.callstorm.eval..",
                        "io.callstorm.simulate..", "io.callstorm.reference..", "io.callstorm.cli..")
                .check(all);
        noClasses().that().resideInAnyPackage("io.callstorm.tracing..", "io.callstorm.eval..")
                .should().dependOnClassesThat().resideInAnyPackage("io.callstorm.simulate..",
                        "io.callstorm.reference..", "io.callstorm.cli..")
                .check(all);
        noClasses().that().resideInAPackage("io.callstorm.tracing..")
                .should().dependOnClassesThat().resideInAnyPackage("io.callstorm.eval..", "io.netty..",
                        "io.opentelemetry.sdk..")
                .because("a service embeds sdk-tracing: the OpenTelemetry API only, no Netty, no SDK")
                .check(all);
        noClasses().that().resideInAPackage("io.callstorm.simulate..")
                .should().dependOnClassesThat().resideInAnyPackage("io.callstorm.reference..", "io.callstorm.cli..",
                        "io.callstorm.history..")
                .check(all);
        noClasses().that().resideInAPackage("io.callstorm.history..")
                .should().dependOnClassesThat().resideInAnyPackage("io.callstorm.reference..", "io.callstorm.cli..",
                        "picocli..", "me.tongfei..")
                .because("the run history is a library: the CLI records into it, a service or a test can too")
                .check(all);
        noClasses().that().resideOutsideOfPackages("io.callstorm.history..")
                .should().dependOnClassesThat().resideInAnyPackage("org.flywaydb..", "org.sqlite..", "org.postgresql..")
                .because("the history's database, drivers and migrations stay behind RunHistory")
                .check(all);
        noClasses().that().resideInAPackage("io.callstorm.reference..")
                .should().dependOnClassesThat().resideInAnyPackage("io.callstorm.cli..", "picocli..",
                        "me.tongfei..", "io.callstorm.history..")
                .check(all);
    }

    @Test
    void noPackageIsOnACycle() {
        slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                // an internal package is its parent's implementation: the two form one slice
                return c.getPackageName().startsWith("io.callstorm.")
                        ? SliceIdentifier.of(c.getPackageName().replaceAll("\\.internal(\\..*)?$", ""))
                        : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "packages of io.callstorm, each internal package with its parent";
            }
        }).should().beFreeOfCycles().check(all);
    }

    @Test
    void internalTypesAreUsedOnlyWithinTheirParent() {
        Set<String> parents = new TreeSet<>();
        for (JavaClass c : all) {
            int i = c.getPackageName().indexOf(".internal");
            if (i > 0) {
                parents.add(c.getPackageName().substring(0, i));
            }
        }
        assertThat(parents).contains("io.callstorm.eval", "io.callstorm.reference", "io.callstorm.simulate.connect",
                "io.callstorm.history");
        for (String parent : parents) {
            noClasses().that().resideOutsideOfPackage(parent + "..")
                    .should().dependOnClassesThat().resideInAPackage(parent + ".internal..")
                    .because(parent + ".internal is " + parent + "'s implementation, not an API")
                    .check(all);
        }
    }
}
