-- The run history, version 1. Portable SQL: the same file creates the tables in SQLite and in PostgreSQL (rates and
-- milliseconds as DOUBLE PRECISION, flags as INTEGER 0/1, times as epoch milliseconds for range queries).

-- One row per run: its summary, and the whole report.json as it was written.
CREATE TABLE runs (
    run_id            VARCHAR(64)      NOT NULL PRIMARY KEY,
    recorded_at_ms    BIGINT           NOT NULL,
    started_at_ms     BIGINT           NOT NULL,
    simulation_name   VARCHAR(200)     NOT NULL,
    agent_name        VARCHAR(200)     NOT NULL,
    connector         VARCHAR(500)     NOT NULL,
    seed              BIGINT           NOT NULL,
    clock             VARCHAR(16)      NOT NULL,
    duration_seconds  DOUBLE PRECISION NOT NULL,
    peak_concurrency  INTEGER          NOT NULL,
    calls_started     BIGINT           NOT NULL,
    calls_completed   BIGINT           NOT NULL,
    calls_failed      BIGINT           NOT NULL,
    calls_timed_out   BIGINT           NOT NULL,
    calls_hung_up     BIGINT           NOT NULL,
    calls_cancelled   BIGINT           NOT NULL,
    error_rate        DOUBLE PRECISION NOT NULL,
    gated             INTEGER          NOT NULL,
    gate_passed       INTEGER          NOT NULL,
    partial_run       INTEGER          NOT NULL,
    report_json       TEXT             NOT NULL
);
CREATE INDEX runs_by_start ON runs (started_at_ms);
CREATE INDEX runs_by_simulation ON runs (simulation_name, started_at_ms);

-- Tags: release, agent_version, provider, git_sha and free labels, one row each.
CREATE TABLE run_tags (
    run_id     VARCHAR(64)  NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    tag_key    VARCHAR(64)  NOT NULL,
    tag_value  VARCHAR(200) NOT NULL,
    PRIMARY KEY (run_id, tag_key)
);
CREATE INDEX run_tags_by_value ON run_tags (tag_key, tag_value);

-- Curves: per stage and concurrency bucket, the latency percentiles.
CREATE TABLE run_latency (
    run_id        VARCHAR(64)      NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    stage         VARCHAR(64)      NOT NULL,
    concurrency   INTEGER          NOT NULL,
    sample_count  BIGINT           NOT NULL,
    p50_ms        DOUBLE PRECISION NOT NULL,
    p95_ms        DOUBLE PRECISION NOT NULL,
    p99_ms        DOUBLE PRECISION NOT NULL,
    max_ms        DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (run_id, stage, concurrency)
);

-- Quality: per rubric and concurrency bucket, the pass rate.
CREATE TABLE run_quality (
    run_id        VARCHAR(64)      NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    rubric        VARCHAR(200)     NOT NULL,
    concurrency   INTEGER          NOT NULL,
    sample_count  BIGINT           NOT NULL,
    pass_rate     DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (run_id, rubric, concurrency)
);

-- Errors: per concurrency bucket, the calls and the errors among them.
CREATE TABLE run_error_rate (
    run_id       VARCHAR(64)      NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    concurrency  INTEGER          NOT NULL,
    calls        BIGINT           NOT NULL,
    errors       BIGINT           NOT NULL,
    error_rate   DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (run_id, concurrency)
);

-- Error clusters, in the report's order.
CREATE TABLE run_clusters (
    run_id                  VARCHAR(64)      NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    position                INTEGER          NOT NULL,
    name                    VARCHAR(500)     NOT NULL,
    stage                   VARCHAR(64)      NOT NULL,
    call_count              BIGINT           NOT NULL,
    share                   DOUBLE PRECISION NOT NULL,
    first_seen_concurrency  INTEGER          NOT NULL,
    root_cause              TEXT             NOT NULL,
    quick_fix               TEXT             NOT NULL,
    long_term_fix           TEXT             NOT NULL,
    PRIMARY KEY (run_id, position)
);

-- The gate's verdict, check by check, in the report's order.
CREATE TABLE run_gate_checks (
    run_id     VARCHAR(64)      NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    position   INTEGER          NOT NULL,
    name       VARCHAR(500)     NOT NULL,
    threshold  VARCHAR(500)     NOT NULL,
    actual     DOUBLE PRECISION NOT NULL,
    passed     INTEGER          NOT NULL,
    PRIMARY KEY (run_id, position)
);
