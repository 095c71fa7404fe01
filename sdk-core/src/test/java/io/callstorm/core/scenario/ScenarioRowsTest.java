package io.callstorm.core.scenario;

import io.callstorm.core.persona.Persona;
import io.callstorm.core.persona.Personas;
import io.callstorm.core.validation.ConfigurationException;
import io.callstorm.core.validation.Problem;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ScenarioRowsTest {
    private static final ScenarioGraph GRAPH = SupportDeskScenarios.graph();
    private static final List<Persona> TEN = Personas.builtIns().subList(0, 10);

    /** Everything a row says and is, so two expansions can be compared as plain values. */
    private static List<String> script(List<ScenarioRow> rows) {
        return rows.stream().map(r -> r.index() + "|" + r.persona().id() + "|" + r.path().id() + "|" + r.variation()
                + "|" + r.seed() + "|" + IntStream.range(0, r.path().steps().size()).mapToObj(r::utterance).toList())
                .toList();
    }

    @Test
    void sameSeedGivesIdenticalRows() {
        List<ScenarioRow> first = ScenarioRows.expand(TEN, GRAPH, 300, 42);
        List<ScenarioRow> second = ScenarioRows.expand(TEN, GRAPH, 300, 42);

        assertThat(script(second)).isEqualTo(script(first));
        assertThat(second).isEqualTo(first);
    }

    @Test
    void differentSeedGivesADifferentOrder() {
        List<ScenarioRow> a = ScenarioRows.expand(TEN, GRAPH, 140, 42);
        List<ScenarioRow> b = ScenarioRows.expand(TEN, GRAPH, 140, 43);

        assertThat(pairs(b)).isNotEqualTo(pairs(a));
        assertThat(Set.copyOf(pairs(b))).isEqualTo(Set.copyOf(pairs(a)));
    }

    @Test
    void everyPairAppearsOnceBeforeAnyRepeats() {
        List<ScenarioRow> rows = ScenarioRows.expand(TEN, GRAPH, 300, 7);

        assertThat(rows).hasSize(300);
        assertThat(rows).extracting(ScenarioRow::index)
                .containsExactlyElementsOf(IntStream.range(0, 300).boxed().toList());
        List<String> firstRound = pairs(rows.subList(0, 140));
        assertThat(firstRound).doesNotHaveDuplicates().hasSize(10 * 14);
        assertThat(pairs(rows.subList(140, 280))).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(firstRound);
        assertThat(rows.subList(0, 140)).allSatisfy(r -> assertThat(r.variation()).isZero());
        assertThat(rows.subList(140, 280)).allSatisfy(r -> assertThat(r.variation()).isEqualTo(1));
        assertThat(rows.subList(280, 300)).allSatisfy(r -> assertThat(r.variation()).isEqualTo(2));
    }

    @Test
    void smallRunCoversDistinctPairs() {
        List<ScenarioRow> rows = ScenarioRows.expand(TEN, GRAPH, 20, 1);

        assertThat(new HashSet<>(pairs(rows))).hasSize(20);
    }

    @Test
    void badArgumentsAreAllReported() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> ScenarioRows.expand(List.of(), GRAPH, 0, 1));

        assertThat(e.problems()).extracting(Problem::path).containsExactly("personas", "rows");
        assertThat(e.problems().get(1).message()).contains("was 0");
    }

    private static List<String> pairs(List<ScenarioRow> rows) {
        return rows.stream().map(r -> r.persona().id() + "/" + r.path().id()).toList();
    }
}
