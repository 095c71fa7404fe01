/**
 * Voice-pipeline instrumentation on the OpenTelemetry API. Start at {@link io.callstorm.tracing.VoiceTelemetry}:
 * call, turn and stage spans ({@link io.callstorm.tracing.VoiceCall}, {@link io.callstorm.tracing.VoiceTurn},
 * {@link io.callstorm.tracing.StageSpan}), the calls in flight ({@link io.callstorm.tracing.ConcurrencyTracker}),
 * propagation across HTTP and WebSocket hops ({@link io.callstorm.tracing.VoicePropagation}), the
 * {@code Server-Timing} header ({@link io.callstorm.tracing.ServerTiming}) and the mapping of an ended stage span
 * to a latency sample ({@link io.callstorm.tracing.StageSample}). The span and metric contract is documented in
 * {@code docs/tracing.md}. Nothing in this package returns or accepts {@code null} unless its javadoc says so;
 * the run-time methods ignore {@code null} arguments rather than throw.
 */
package io.callstorm.tracing;
