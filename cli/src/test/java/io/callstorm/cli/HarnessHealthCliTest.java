package io.callstorm.cli;

import io.callstorm.core.agent.AgentDefinition;
import io.callstorm.core.persona.Personas;
import io.callstorm.core.scenario.SupportDeskScenarios;
import io.callstorm.simulate.ScriptedAgent;
import io.callstorm.simulate.Simulation;
import io.callstorm.simulate.SimulationListener;
import io.callstorm.simulate.StallingListener;
import io.callstorm.simulate.gate.Gate;
import io.callstorm.simulate.load.LoadProfile;
import io.callstorm.simulate.report.SimulationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The console says when the harness itself was overloaded, and a gated run with an unhealthy harness exits 1. */
class HarnessHealthCliTest {
    private static final AgentDefinition DEFINITION = AgentDefinition.builder("scripted-agent").behaviour("").build();

    private static Simulation.Builder simulation(ScriptedAgent agent, Path out) {
        return Simulation.builder()
                .agent(DEFINITION, agent)
                .personas(Personas.builtIns())
                .scenarios(SupportDeskScenarios.graph(), 100)
                .timeScale(0.02)
                .load(LoadProfile.concurrentCalls(5).hold(Duration.ofSeconds(2)).build())
                .outputDirectory(out);
    }

    /** Half of every second lost on the harness loop, as on a machine too busy for the load. */
    private static final SimulationListener STALL = new StallingListener();

    private record Run(int exitCode, String out, String err) {
    }

    private static Run interactive(Simulation.Builder sim, Path out) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = InteractiveRun.run(sim, out, false, ConsoleStyle.PLAIN);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void aGatedRunWithAStalledHarnessWarnsAtOnceSaysSoInTheSummaryAndExits1(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        Run r;
        try (ScriptedAgent agent = ScriptedAgent.fast()) {
            r = interactive(simulation(agent, out).listener(STALL).gate(Gate.parse("error_rate<=1.0")), out);
        }
        assertThat(r.exitCode()).as(r.out()).isEqualTo(CallstormCli.EXIT_GATE_FAILED);
        assertThat(r.err()).contains("WARNING: harness overloaded at", "event-loop stall of");
        assertThat(r.out()).contains("HARNESS UNHEALTHY: the load generator itself was overloaded",
                "event_loop_stall", "(the gate's harness check failed)", "FAIL harness healthy");
        assertThat(SimulationReport.readJson(out.resolve("report.json")).harness().healthy()).isFalse();

        // rebuilt from calls.jsonl: the harness section comes from report.json, and a gate fails on it
        CliResult ungated = CliResult.run("report", out.resolve("calls.jsonl").toString(), "--out",
                dir.resolve("rebuilt").toString());
        assertThat(ungated.exitCode()).as(ungated.err()).isEqualTo(CallstormCli.EXIT_OK);
        assertThat(ungated.out()).contains("HARNESS UNHEALTHY", "(no gate: the exit code does not say so)");
        CliResult gated = CliResult.run("report", out.resolve("calls.jsonl").toString(), "--out",
                dir.resolve("regated").toString(), "--gate", "error_rate<=1.0");
        assertThat(gated.exitCode()).as(gated.err()).isEqualTo(CallstormCli.EXIT_GATE_FAILED);
    }

    @Test
    void aNormalShortRunIsHealthyAndExits0(@TempDir Path dir) {
        Path out = dir.resolve("run");
        Run r;
        try (ScriptedAgent agent = ScriptedAgent.fast()) {
            r = interactive(simulation(agent, out).gate(Gate.parse("error_rate<=1.0")), out);
        }
        assertThat(r.exitCode()).as(r.out()).isEqualTo(CallstormCli.EXIT_OK);
        assertThat(r.out()).contains("Harness healthy: within its limits").doesNotContain("HARNESS UNHEALTHY");
        assertThat(r.err()).doesNotContain("WARNING: harness overloaded");
    }
}
