/**
 * Runnable examples of Callstorm, one per way of using it. They live as JUnit 5 tests under
 * {@code src/test/java} so that {@code mvn verify} runs them; the worked customer-support load test is
 * {@code io.callstorm.samples.SupportAgentLoadTest}.
 */
package io.callstorm.samples;
