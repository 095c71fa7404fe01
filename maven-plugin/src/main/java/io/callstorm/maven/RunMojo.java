package io.callstorm.maven;

import io.callstorm.cli.SimulationFileRun;
import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.simulate.OutputFailedException;
import io.callstorm.simulate.report.GateCheck;
import io.callstorm.simulate.report.SimulationReport;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs a simulation file in the build, as {@code ./callstorm run FILE} does, writes its reports ({@code report.json},
 * {@code report.html}, {@code junit.xml}, {@code calls.jsonl}) to {@link #outputDirectory}, and fails the build when
 * the gate fails: the file's {@code gate:} section and {@link #gate} together. Bound to {@code integration-test} by
 * default, as Failsafe's and Gatling's goals are, so that {@code mvn verify} runs it after the unit tests and the
 * package.
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>io.callstorm</groupId>
 *   <artifactId>callstorm-maven-plugin</artifactId>
 *   <version>...</version>
 *   <executions>
 *     <execution>
 *       <goals><goal>run</goal></goals>
 *       <configuration>
 *         <simulation>src/test/callstorm/support-peak.yaml</simulation>
 *         <gate><condition>user_perceived_gap.p95 < 1500ms</condition></gate>
 *       </configuration>
 *     </execution>
 *   </executions>
 * </plugin>
 * }</pre>
 *
 * <p>The build fails with {@code MojoFailureException} ("BUILD FAILURE", a test-like failure) when a gate check fails,
 * listing each failed check, and with {@code MojoExecutionException} when the input is bad: a file, gate or output
 * directory that cannot be used, every problem listed at once, before any call is placed.
 */
@Mojo(name = "run", defaultPhase = LifecyclePhase.INTEGRATION_TEST, threadSafe = true)
public final class RunMojo extends AbstractMojo {
    /** The simulation file (docs/configuration.md); relative to the project's directory. */
    @Parameter(property = "callstorm.simulation", required = true)
    private File simulation;

    /**
     * Gate conditions added to the file's {@code gate:} section, e.g. {@code user_perceived_gap.p95<800ms}; each may
     * hold several, comma-separated, as {@code --gate} takes them (docs/ci.md).
     */
    @Parameter(property = "callstorm.gate")
    private List<String> gate = new ArrayList<>();

    /** Where the reports go; the file's own {@code out:} is not used in a build, whose outputs belong under target. */
    @Parameter(property = "callstorm.outputDirectory", defaultValue = "${project.build.directory}/callstorm")
    private File outputDirectory;

    /** Skips the goal. */
    @Parameter(property = "callstorm.skip", defaultValue = "false")
    private boolean skip;

    /** Skips the goal too, as it skips every test ({@code -DskipTests}): a load test is a test. */
    @Parameter(property = "skipTests", defaultValue = "false")
    private boolean skipTests;

    /**
     * Whether a failed gate fails the build; when false it is logged as a warning, and {@code junit.xml} still has
     * the failed checks (for a job that reports them and decides later).
     */
    @Parameter(property = "callstorm.failOnGate", defaultValue = "true")
    private boolean failOnGate;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip || skipTests) {
            getLog().info("Callstorm simulation skipped (" + (skip ? "callstorm.skip" : "skipTests") + ")");
            return;
        }
        SimulationReport report;
        getLog().info("Callstorm: running " + simulation + ", reports to " + outputDirectory);
        try (PrintStream console = new PrintStream(new LogLines(getLog()), true, StandardCharsets.UTF_8)) {
            report = SimulationFileRun.of(simulation.toPath()).outputDirectory(outputDirectory.toPath())
                    .gate(gate == null ? List.of() : gate).run(console);
        } catch (ConfigurationException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (OutputFailedException e) {
            throw new MojoExecutionException("Callstorm could not write its reports to " + outputDirectory + ": "
                    + String.join("; ", e.problems()), e);
        } catch (IOException | RuntimeException e) {
            throw new MojoExecutionException("Callstorm could not run " + simulation + ": " + e.getMessage(), e);
        }
        if (report.gate().passed()) {
            getLog().info("Callstorm gate passed (" + report.gate().checks().size() + " checks)");
            return;
        }
        String failed = failedChecks(report);
        if (failOnGate) {
            throw new MojoFailureException(failed);
        }
        getLog().warn(failed + "\n(failOnGate is false: the build goes on)");
    }

    private String failedChecks(SimulationReport report) {
        List<GateCheck> failed = report.gate().checks().stream().filter(c -> !c.passed()).toList();
        return "Callstorm gate of " + simulation.getName() + " failed (" + failed.size() + " of "
                + report.gate().checks().size() + " checks); see " + outputDirectory + File.separator
                + SimulationReport.HTML_FILE + ":\n" + failed.stream()
                .map(c -> "  - " + c.name() + " " + c.threshold() + ": " + (c.detail().isEmpty()
                        ? "was " + c.actual() : c.detail()))
                .collect(Collectors.joining("\n"));
    }
}
