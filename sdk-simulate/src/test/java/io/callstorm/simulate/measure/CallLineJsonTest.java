package io.callstorm.simulate.measure;

import io.callstorm.core.CallStatus;
import io.callstorm.simulate.analysis.ReportRebuilder;
import io.callstorm.simulate.report.ReportJson;
import io.callstorm.simulate.report.RubricEvaluation;
import io.callstorm.simulate.report.SimulationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code calls.jsonl} is a public format: a line written with the enums is, to the byte, what the string fields
 * wrote before (followed by the keys added since: {@code expectedToolCalls}), reads back equal, and lines written by
 * earlier (or later) versions still read.
 */
class CallLineJsonTest {
    /** Written, before the fields were enums, for the same values as {@link #everyField()}. */
    private static final String EVERY_FIELD = json(
            "{'callId':'call-1','row':2,'persona':'p','path':'path','expectedOutcome':'RESOLVED',"
            + "'actualOutcome':'RESOLVED','status':'TIMED_OUT','startedAtSeconds':1.5,'durationMs':2000,"
            + "'concurrency':4,'retries':1,'error':{'kind':'TIMEOUT','stage':'user_perceived_gap','status':0,"
            + "'concurrency':4,'message':'call timed out: x','timeout':'turn','exception':'IOException',"
            + "'retrying':{'kind':'RATE_LIMITED','stage':'llm_ttft','status':429,'message':'slow down'},"
            + "'gapMs':12.5,'gapConcurrency':3},'scores':{'a':{'passed':true,'score':1.0,'reason':'fine',"
            + "'status':'PASS'},'b':{'passed':false,'score':0.0,'reason':'broke','status':'ERROR',"
            + "'promptTokens':12,'completionTokens':3,'costUsd':0.5}},'turns':[{'speaker':'CALLER','text':'hi',"
            + "'atMs':0,'concurrency':4,'gapMs':null,'stagesMs':{},'toolCalls':[],'annotations':{},"
            + "'gapConcurrency':0,'stagesConcurrency':{}},{'speaker':'AGENT','text':'hello','atMs':900,"
            + "'concurrency':4,'gapMs':400.0,'stagesMs':{'llm_ttft':[100.0]},'toolCalls':[],"
            + "'annotations':{'k':'v'},'gapConcurrency':4,'stagesConcurrency':{'llm_ttft':[4]}}],"
            + "'startConcurrency':3,'endConcurrency':5,'scoring':'scored',"
            + "'expectedToolCalls':['get_account_info','create_ticket']}");
    private static final String UNSCORED = json(
            "{'callId':'call-2','row':2,'persona':'p','path':'path','expectedOutcome':'RESOLVED',"
            + "'actualOutcome':'','status':'COMPLETED','startedAtSeconds':1.5,'durationMs':2000,'concurrency':4,"
            + "'retries':0,'error':null,'scores':{},'turns':[],'startConcurrency':3,'endConcurrency':5,"
            + "'scoring':'','expectedToolCalls':[]}");
    private static final String DROPPED = json(
            "{'callId':'call-2','row':2,'persona':'p','path':'path','expectedOutcome':'RESOLVED',"
            + "'actualOutcome':'','status':'COMPLETED','startedAtSeconds':1.5,'durationMs':2000,'concurrency':4,"
            + "'retries':0,'error':null,'scores':{},'turns':[],'startConcurrency':3,'endConcurrency':5,"
            + "'scoring':'dropped','expectedToolCalls':[]}");
    private static final String HANG_UP = json(
            "{'kind':'HUNG_UP','stage':'s','status':0,'concurrency':1,'message':'m','timeout':'','exception':'',"
            + "'retrying':null,'gapMs':null,'gapConcurrency':0}");

    /** Single quotes read as double ones, for legible JSON in Java strings. */
    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    private static CallLine everyField() {
        Map<String, CallLine.Score> scores = new LinkedHashMap<>();
        scores.put("a", new CallLine.Score(true, 1.0, "fine"));
        scores.put("b", new CallLine.Score(false, 0.0, "broke", CallLine.Verdict.ERROR, 12, 3, 0.5));
        CallLine.CallError error = new CallLine.CallError(CallLine.ErrorKind.TIMEOUT, "user_perceived_gap", 0, 4,
                "call timed out: x", CallLine.Timeout.TURN, "IOException", Optional.of(new CallLine.Attempt(
                        CallLine.ErrorKind.RATE_LIMITED, "llm_ttft", 429, "slow down")), Optional.of(12.5), 3);
        List<CallLine.Turn> turns = List.of(
                new CallLine.Turn(CallLine.Speaker.CALLER, "hi", 0, 4, Optional.empty(), Map.of(), List.of(), Map.of(),
                        0, Map.of()),
                new CallLine.Turn(CallLine.Speaker.AGENT, "hello", 900, 4, Optional.of(400.0),
                        Map.of("llm_ttft", List.of(100.0)), List.of(), Map.of("k", "v"), 4,
                        Map.of("llm_ttft", List.of(4))));
        return new CallLine("call-1", 2, "p", "path", "RESOLVED", "RESOLVED", CallStatus.TIMED_OUT, 1.5, 2000, 4, 1,
                Optional.of(error), scores, turns, 3, 5, CallLine.Scoring.SCORED,
                List.of("get_account_info", "create_ticket"));
    }

    private static CallLine unscored() {
        return new CallLine("call-2", 2, "p", "path", "RESOLVED", "", CallStatus.COMPLETED, 1.5, 2000, 4, 0,
                Optional.empty(), Map.of(), List.of(), 3, 5);
    }

    @Test
    void aLineIsWrittenAsBeforeAndReadsBackEqual() throws Exception {
        CallLine line = everyField();
        String json = ReportJson.mapper().writeValueAsString(line);

        assertThat(json).isEqualTo(EVERY_FIELD);
        assertThat(ReportJson.mapper().readValue(json, CallLine.class)).isEqualTo(line);
        assertThat(ReportJson.mapper().writeValueAsString(unscored())).isEqualTo(UNSCORED);
        assertThat(ReportJson.mapper().writeValueAsString(unscored().withScores("", Map.of(),
                CallLine.Scoring.DROPPED))).isEqualTo(DROPPED);
        assertThat(ReportJson.mapper().writeValueAsString(new CallLine.CallError(CallLine.ErrorKind.HUNG_UP, "s", 0, 1,
                "m"))).isEqualTo(HANG_UP);
        for (CallLine.Scoring s : CallLine.Scoring.values()) {
            CallLine marked = unscored().withScores("", Map.of(), s);
            assertThat(ReportJson.mapper().readValue(ReportJson.mapper().writeValueAsString(marked), CallLine.class))
                    .as(s.name()).isEqualTo(marked);
        }
    }

    @Test
    void aFailingTurnIsWrittenAsTurnAndReadsBack() throws Exception {
        CallLine.Score failed = new CallLine.Score(false, 0.0, "2 of 3 agent turns rude", CallLine.Verdict.FAIL, 0, 0,
                0.0, Optional.of(5));
        CallLine.Score judged = new CallLine.Score(false, 0.2, "agent was curt", CallLine.Verdict.FAIL, 12, 3, 0.5,
                Optional.of(0));
        Map<String, CallLine.Score> scores = new LinkedHashMap<>();
        scores.put("is_polite", failed);
        scores.put("judge", judged);
        scores.put("a", new CallLine.Score(true, 1.0, "fine"));
        CallLine line = unscored().withScores("RESOLVED", scores, CallLine.Scoring.SCORED);

        String json = ReportJson.mapper().writeValueAsString(line);

        assertThat(json).contains(json("'is_polite':{'passed':false,'score':0.0,'reason':'2 of 3 agent turns rude',"
                + "'status':'FAIL','turn':5}"));
        assertThat(json).contains(json("'judge':{'passed':false,'score':0.2,'reason':'agent was curt',"
                + "'status':'FAIL','promptTokens':12,'completionTokens':3,'costUsd':0.5,'turn':0}"));
        assertThat(json).contains(json("'a':{'passed':true,'score':1.0,'reason':'fine','status':'PASS'}"));
        CallLine read = ReportJson.mapper().readValue(json, CallLine.class);
        assertThat(read).isEqualTo(line);
        assertThat(read.scores().get("is_polite").turn()).contains(5);
        assertThat(read.scores().get("judge").turn()).contains(0);
        assertThat(read.scores().get("a").turn()).isEmpty();
        // a score without a turn is the line as before
        assertThat(new CallLine.Score(false, 0.0, "x", CallLine.Verdict.FAIL, 0, 0, 0.0, Optional.empty()))
                .isEqualTo(new CallLine.Score(false, 0.0, "x"));
        assertThat(ReportJson.mapper().readValue(json("{'passed':false,'score':0.0,'reason':'x','turn':null}"),
                CallLine.Score.class).turn()).isEmpty();
    }

    @Test
    void theJsonValuesAreTheStringsOfTheFormat() {
        assertThat(CallLine.Scoring.values()).extracting(CallLine.Scoring::wire)
                .containsExactly("scored", "dropped", "none", "sampled-out", "");
        assertThat(CallLine.Timeout.values()).extracting(CallLine.Timeout::wire)
                .containsExactly("", "patience", "turn", "call", "run_end", "other");
    }

    /** Before {@code scoring} and a score's {@code status}; an error kind and a wait this version does not know. */
    private static final String OLD_FAILED = json(
            "{'callId':'call-7','row':0,'persona':'p','path':'path','expectedOutcome':'RESOLVED',"
            + "'actualOutcome':'RESOLVED','status':'FAILED','startedAtSeconds':2.0,'durationMs':1000,"
            + "'concurrency':3,'retries':0,'error':{'kind':'QUOTA_EXCEEDED','stage':'agent','status':0,"
            + "'concurrency':3,'message':'quota','timeout':'idle','retrying':{'kind':'BRAND_NEW','stage':'agent',"
            + "'status':0,'message':'m'}},'scores':{'is_polite':{'passed':false,'score':0.0,'reason':'rude'},"
            + "'is_helpful':{'passed':true,'score':1.0,'reason':'ok','status':''}},'turns':[{'speaker':'CALLER',"
            + "'text':'hi','atMs':0,'concurrency':3},{'speaker':'AGENT','text':'hello','atMs':500,'concurrency':3,"
            + "'gapMs':400.0}]}");
    /** Unscored beside a scored line, from before lines were marked; an old error without a wait. */
    private static final String OLD_HUNG_UP = json(
            "{'callId':'call-8','row':0,'persona':'p','path':'path','expectedOutcome':'RESOLVED',"
            + "'actualOutcome':'','status':'HUNG_UP','startedAtSeconds':3.0,'durationMs':1000,'concurrency':2,"
            + "'retries':0,'error':{'kind':'HUNG_UP','stage':'user_perceived_gap','status':0,'concurrency':2,"
            + "'message':'caller hung up'},'scores':{},'turns':[],'scoring':''}");

    @Test
    void linesOfEarlierAndLaterVersionsStillRead() throws Exception {
        CallLine failed = ReportJson.mapper().readValue(OLD_FAILED, CallLine.class);

        assertThat(failed.status()).isEqualTo(CallStatus.FAILED);
        assertThat(failed.scoring()).isEqualTo(CallLine.Scoring.UNMARKED);
        assertThat(failed.scores().get("is_polite").status()).isEqualTo(CallLine.Verdict.FAIL);
        assertThat(failed.scores().get("is_helpful").status()).isEqualTo(CallLine.Verdict.PASS);
        assertThat(failed.scores().get("is_polite").turn()).isEmpty(); // written before failing turns were
        assertThat(failed.error()).hasValueSatisfying(e -> {
            assertThat(e.kind()).isEqualTo(CallLine.ErrorKind.OTHER);
            assertThat(e.timeout()).isEqualTo(CallLine.Timeout.OTHER);
            assertThat(e.retrying()).hasValueSatisfying(r -> assertThat(r.kind()).isEqualTo(CallLine.ErrorKind.OTHER));
        });
        assertThat(failed.turns()).extracting(CallLine.Turn::speaker)
                .containsExactly(CallLine.Speaker.CALLER, CallLine.Speaker.AGENT);

        CallLine hungUp = ReportJson.mapper().readValue(OLD_HUNG_UP, CallLine.class);
        assertThat(hungUp.scoring()).isEqualTo(CallLine.Scoring.UNMARKED);
        assertThat(hungUp.error()).hasValueSatisfying(e -> {
            assertThat(e.kind()).isEqualTo(CallLine.ErrorKind.HUNG_UP);
            assertThat(e.timeout()).isEqualTo(CallLine.Timeout.NONE);
        });
        // an old line written again keeps its empty marks
        assertThat(ReportJson.mapper().writeValueAsString(hungUp)).contains("\"scoring\":\"\"", "\"timeout\":\"\"");
    }

    @Test
    void aFileOfOldLinesIsRebuiltWithNoLineSkipped(@TempDir Path dir) throws Exception {
        Path calls = dir.resolve("calls.jsonl");
        Files.write(calls, List.of(OLD_FAILED, OLD_HUNG_UP,
                UNSCORED.replace("\"scoring\":\"\"", "\"scoring\":\"none\"")));

        ReportRebuilder.Rebuilt rebuilt = ReportRebuilder.rebuild(calls);
        SimulationReport report = rebuilt.report();

        assertThat(rebuilt.malformed()).isZero();
        assertThat(rebuilt.lines()).isEqualTo(3);
        assertThat(report.load().callsStarted()).isEqualTo(3);
        assertThat(report.load().callsCompleted()).isEqualTo(1);
        assertThat(report.load().callsFailed()).isEqualTo(1);
        assertThat(report.load().callsHungUp()).isEqualTo(1);
        assertThat(report.evaluation().conversationsScored()).isEqualTo(1);
        assertThat(report.evaluation().conversationsDropped()).isEqualTo(1); // unmarked, unscored beside a scored one
        assertThat(report.evaluation().rubrics()).filteredOn(r -> r.rubric().equals("is_polite"))
                .extracting(RubricEvaluation::failed).containsExactly(1L);
        assertThat(report.errors().clusters()).hasSize(2);
    }
}
